"""Write a synthetic, deterministic 九江市 credit export for demos, tests and benchmarks.

The output follows the input contract of DESIGN.md: one folder per kind, Chinese headers, and a
small sprinkling of the quirks real exports have (full-width or lower-case codes, stray spaces,
other date spellings, wrong check characters, duplicates, blank required cells, a GB18030 file
and an XLSX sheet with a title row), so that ingest has real work to do.

Everything is drawn from one ``random.Random(seed)``; the clock is never read, so the same
``(records, seed, end)`` always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from random import Random

from generator.core.codes import USCC_PLACEHOLDER
from generator.demo.calendar import Calendar
from generator.demo.departments import Dept, departments_by_name, load_departments
from generator.demo.headers import load_headers
from generator.demo.identifiers import (
    break_check_char,
    to_full_width,
)
from generator.demo.names import load_names
from generator.demo.parties import Parties, Party
from generator.demo.sinks import CHUNK_ROWS, CsvSink, write_xlsx
from generator.demo.weights import weighted

HEADERS = load_headers()  # TODO(demo-split): read in Export, not at import
KINDS = tuple(HEADERS)

# Column positions used by the quirk planters.
P_NAME, P_CODE = 0, 2
L_DATE = HEADERS["licensing"].index("许可决定日期")
L_END = L_DATE + 2
X_DATE = HEADERS["penalties"].index("处罚决定日期")

LONG_TERM = "长期"
NO_END = "2099-12-31"

# ---------------------------------------------------------------------------------------------
# Places and departments
# ---------------------------------------------------------------------------------------------

DEPTS = load_departments()
DEPT_BY_NAME = departments_by_name()

# ---------------------------------------------------------------------------------------------
# Penalty catalogue: (违法行为类型, 违法事实 templates, 处罚依据, 处罚类别 options, fine pool,
# share of natural persons, share of 严重 失信程度, licence that may be suspended or revoked).
# Templates use {d} (date), {a} (address) and {n} (a small number).
# ---------------------------------------------------------------------------------------------

# fmt: off
FINES = {
    "tiny": (200, 300, 500, 500, 800, 1000, 1500, 2000),
    "small": (1000, 2000, 3000, 5000, 5000, 8000, 10000, 20000),
    "mid": (5000, 10000, 20000, 30000, 32000, 50000, 80000, 100000),
    "big": (50000, 100000, 125000, 200000, 300000, 500000, 1000000),
}

PenaltyItem = tuple[str, tuple[str, ...], str, tuple[str, ...], str, float, float, str]

PENALTY_ITEMS: dict[str, tuple[PenaltyItem, ...]] = {
    "market": (
        ("经营超过保质期的食品",
         ("{d}，执法人员对当事人位于{a}的经营场所进行检查，发现其货架上摆放的预包装食品"
          "已超过保质期，共计{n}件，当事人未能提供进货查验记录。",
          "{d}，根据群众举报，执法人员在当事人位于{a}的门店查获超过保质期的乳制品{n}盒。"),
         "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
         ("罚款", "没收违法所得;罚款", "没收违法所得、没收非法财物、罚款", "警告"),
         "small", 0.05, 0.01, "食品经营许可证"),
        ("未取得食品经营许可从事食品经营活动",
         ("{d}，执法人员检查发现当事人在{a}从事餐饮服务，未取得食品经营许可证，"
          "违法经营{n}日。",),
         "《中华人民共和国食品安全法》第一百二十二条第一款",
         ("没收违法所得;罚款", "罚款"), "small", 0.15, 0.0, ""),
        ("销售不合格产品",
         ("经抽样检验，当事人于{a}销售的电线电缆导体电阻项目不合格，货值金额{n}00元。",
          "{d}，当事人销售的儿童服装经检验纤维含量不符合标准，属不合格产品。"),
         "《中华人民共和国产品质量法》第四十九条",
         ("没收违法所得、罚款", "罚款", "警告;罚款"), "mid", 0.02, 0.02, ""),
        ("发布虚假广告",
         ("当事人在其微信公众号发布含有“最佳”“第一品牌”等用语的广告，广告费用{n}00元。",
          "{d}，当事人在{a}门店张贴宣传单，对商品功效作虚假宣传。"),
         "《中华人民共和国广告法》第五十五条第一款",
         ("罚款", "警告、罚款"), "mid", 0.0, 0.01, ""),
        ("不按规定明码标价",
         ("{d}，执法人员检查发现当事人位于{a}的经营场所内{n}种商品未明码标价。",),
         "《明码标价和禁止价格欺诈规定》第二十一条",
         ("警告", "罚款", "警告;罚款"), "tiny", 0.1, 0.0, ""),
        ("特种设备未经定期检验继续使用",
         ("{d}，执法人员检查发现当事人使用的{n}台电梯超过定期检验有效期仍继续使用。",),
         "《中华人民共和国特种设备安全法》第八十四条第（一）项",
         ("罚款", "责令停产停业;罚款"), "mid", 0.0, 0.02, "特种设备使用登记证"),
        ("销售劣药",
         ("{d}，当事人位于{a}的药店销售的中药饮片经检验不符合药品标准，共{n}公斤。",),
         "《中华人民共和国药品管理法》第一百一十七条第一款",
         ("没收违法所得、没收非法财物、罚款", "吊销许可证件;罚款"), "big", 0.0, 0.15,
         "药品经营许可证"),
    ),
    "tax": (
        ("未按照规定期限办理纳税申报",
         ("当事人未按规定期限办理{n}月份增值税纳税申报，经责令限期改正逾期仍未改正。",
          "当事人{d}前未申报个人所得税（工资薪金所得），逾期{n}日。"),
         "《中华人民共和国税收征收管理法》第六十二条",
         ("罚款",), "tiny", 0.05, 0.0, ""),
        ("未按照规定开具发票",
         ("当事人在经营活动中未按规定开具发票{n}份，涉及金额{n}650元。",),
         "《中华人民共和国发票管理办法》第三十五条",
         ("罚款", "没收违法所得;罚款"), "small", 0.02, 0.0, ""),
        ("偷税",
         ("经检查，当事人通过在账簿上多列支出、少列收入等手段，少缴增值税及附加税费"
          "共计{n}6.8万元。",),
         "《中华人民共和国税收征收管理法》第六十三条第一款",
         ("罚款",), "big", 0.0, 0.4, ""),
        ("虚开发票",
         ("当事人在没有真实交易的情况下，为他人开具增值税普通发票{n}份。",),
         "《中华人民共和国发票管理办法》第三十七条第一款",
         ("没收违法所得、罚款",), "mid", 0.0, 0.5, ""),
        ("未按照规定设置、保管账簿",
         ("当事人未按照规定设置账簿，{d}检查时无法提供{n}年度记账凭证。",),
         "《中华人民共和国税收征收管理法》第六十条第一款第（二）项",
         ("罚款",), "tiny", 0.0, 0.0, ""),
    ),
    "env": (
        ("超过排放标准排放大气污染物",
         ("{d}，执法人员对当事人位于{a}的厂区进行检查，监测结果显示其废气排放口"
          "颗粒物浓度超过排放标准{n}倍。",),
         "《中华人民共和国大气污染防治法》第九十九条第（二）项",
         ("罚款", "责令停产停业;罚款"), "big", 0.0, 0.1, "排污许可证"),
        ("未按规定贮存危险废物",
         ("{d}，执法人员检查发现当事人将废机油等危险废物{n}桶露天堆放，未设置识别标志。",),
         "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项",
         ("罚款",), "mid", 0.0, 0.05, ""),
        ("建设项目未批先建",
         ("当事人建设项目环境影响报告表未经审批，于{d}擅自开工建设。",),
         "《中华人民共和国环境影响评价法》第三十一条第一款",
         ("罚款", "罚款;其他"), "mid", 0.0, 0.05, ""),
        ("通过暗管排放水污染物",
         ("{d}，执法人员发现当事人通过暗管将生产废水直接排入长江支流，排放量约{n}吨。",),
         "《中华人民共和国水污染防治法》第八十三条第（三）项",
         ("罚款", "责令停产停业;罚款"), "big", 0.0, 0.6, ""),
        ("施工扬尘污染防治措施不到位",
         ("{d}，当事人在{a}的施工工地未采取覆盖、洒水等扬尘污染防治措施。",),
         "《中华人民共和国大气污染防治法》第一百一十五条第一款",
         ("罚款",), "small", 0.0, 0.0, ""),
    ),
    "safety": (
        ("未按规定对从业人员进行安全生产教育和培训",
         ("{d}，执法人员检查发现当事人{n}名从业人员未经安全生产教育和培训即上岗作业。",),
         "《中华人民共和国安全生产法》第九十七条第（三）项",
         ("罚款", "警告;罚款"), "small", 0.0, 0.0, ""),
        ("未建立事故隐患排查治理制度",
         ("{d}，当事人未建立事故隐患排查治理制度，现场检查发现重大事故隐患{n}处。",),
         "《中华人民共和国安全生产法》第一百零一条第（五）项",
         ("罚款", "责令停产停业;罚款"), "mid", 0.0, 0.05, ""),
        ("未经许可经营危险化学品",
         ("当事人未取得危险化学品经营许可证，在{a}仓库储存销售液化石油气{n}瓶。",),
         "《危险化学品安全管理条例》第七十七条第三款",
         ("没收违法所得、没收非法财物、罚款",), "mid", 0.1, 0.1, ""),
        ("发生一般生产安全事故",
         ("{d}，当事人厂区发生一起机械伤害事故，造成{n}人受伤，事故调查认定当事人"
          "对事故发生负有责任。",),
         "《中华人民共和国安全生产法》第一百一十四条第一款第（一）项",
         ("罚款",), "big", 0.0, 0.5, ""),
    ),
    "build": (
        ("未取得施工许可证擅自施工",
         ("当事人于{d}在{a}开工建设，未取得建筑工程施工许可证，建筑面积约{n}00平方米。",),
         "《建筑工程施工许可管理办法》第十二条",
         ("罚款",), "mid", 0.0, 0.02, ""),
        ("违反工程建设强制性标准",
         ("{d}，监督抽查发现当事人承建的住宅项目{n}处钢筋保护层厚度不符合强制性标准。",),
         "《建设工程质量管理条例》第六十四条",
         ("罚款", "降低资质等级;罚款"), "big", 0.0, 0.1, "建筑业企业资质证书"),
        ("超越资质等级承揽工程",
         ("当事人超越本单位资质等级承揽{a}附近道路工程，合同价款{n}0万元。",),
         "《建设工程质量管理条例》第六十条第一款",
         ("没收违法所得;罚款", "吊销许可证件"), "big", 0.0, 0.3, "建筑业企业资质证书"),
        ("未取得商品房预售许可证预售商品房",
         ("当事人在未取得商品房预售许可证的情况下，向{n}名购房者收取定金。",),
         "《城市房地产开发经营管理条例》第三十六条",
         ("没收违法所得、罚款",), "big", 0.0, 0.2, ""),
    ),
    "transport": (
        ("车辆超限运输",
         ("{d}，当事人所属货车在九瑞大道超限检测站经检测，车货总质量超过限定标准{n}吨。",
          "当事人驾驶的重型半挂车于{d}在长江大道超限运输，超限{n}吨。"),
         "《公路安全保护条例》第六十四条",
         ("罚款",), "small", 0.45, 0.0, ""),
        ("未取得道路运输经营许可擅自从事道路运输经营",
         ("{d}，执法人员在{a}查获当事人驾驶小型客车非法从事客运经营，载客{n}人。",),
         "《中华人民共和国道路运输条例》第六十三条",
         ("罚款", "没收违法所得;罚款"), "mid", 0.7, 0.0, ""),
        ("巡游出租汽车驾驶员拒载",
         ("{d}，当事人驾驶出租汽车在{a}拒绝载客，经乘客投诉查实。",),
         "《巡游出租汽车经营服务管理规定》第四十八条",
         ("罚款", "警告"), "tiny", 0.9, 0.0, ""),
        ("道路运输车辆未按规定进行年度审验",
         ("当事人所属{n}辆营运车辆未按规定进行年度审验继续从事运输经营。",),
         "《道路运输车辆技术管理规定》第三十一条",
         ("罚款", "警告"), "tiny", 0.1, 0.0, "道路运输证"),
    ),
    "health": (
        ("公共场所未取得卫生许可证经营",
         ("{d}，卫生监督员检查发现当事人在{a}经营美容美发场所，未取得公共场所卫生许可证。",),
         "《公共场所卫生管理条例实施细则》第三十五条",
         ("警告;罚款", "罚款"), "tiny", 0.3, 0.0, ""),
        ("使用非卫生技术人员从事医疗卫生技术工作",
         ("当事人聘用{n}名未取得执业资格的人员从事护理工作。",),
         "《医疗机构管理条例》第四十七条",
         ("罚款", "吊销许可证件;罚款"), "mid", 0.0, 0.1, "医疗机构执业许可证"),
        ("未取得医疗机构执业许可证擅自执业",
         ("{d}，执法人员在{a}查获当事人擅自开展诊疗活动，现场查获药品{n}种。",),
         "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
         ("没收违法所得、没收非法财物、罚款",), "mid", 0.8, 0.2, ""),
        ("供水单位未取得卫生许可证供水",
         ("当事人在{a}的二次供水设施未取得卫生许可证即向{n}户居民供水。",),
         "《生活饮用水卫生监督管理办法》第二十五条",
         ("警告", "罚款"), "tiny", 0.0, 0.0, ""),
    ),
    "land": (
        ("非法占用土地",
         ("当事人未经批准于{d}擅自占用{a}附近集体土地{n}00平方米建设厂房。",),
         "《中华人民共和国土地管理法》第七十七条第一款",
         ("罚款", "没收非法财物、罚款"), "mid", 0.3, 0.05, ""),
        ("未取得建设工程规划许可证进行建设",
         ("当事人未取得建设工程规划许可证，在{a}建设附属用房约{n}0平方米。",),
         "《中华人民共和国城乡规划法》第六十四条",
         ("罚款", "其他"), "mid", 0.2, 0.0, ""),
        ("无证采矿",
         ("当事人未取得采矿许可证，于{d}擅自开采建筑用石料约{n}00吨。",),
         "《中华人民共和国矿产资源法》第三十九条第一款",
         ("没收违法所得、罚款",), "big", 0.4, 0.4, ""),
    ),
    "city": (
        ("占道经营",
         ("{d}，执法队员巡查发现当事人在{a}人行道上摆摊经营，经劝导拒不改正。",),
         "《城市市容和环境卫生管理条例》第三十六条第（二）项",
         ("警告", "罚款"), "tiny", 0.6, 0.0, ""),
        ("建筑垃圾运输车辆未密闭运输",
         ("{d}，当事人所属渣土车在{a}未采取密闭措施运输建筑垃圾，沿途撒漏。",),
         "《城市建筑垃圾管理规定》第二十三条",
         ("罚款",), "small", 0.1, 0.0, ""),
        ("擅自设置户外广告",
         ("当事人未经批准于{d}在{a}设置户外广告牌{n}块。",),
         "《城市市容和环境卫生管理条例》第三十四条",
         ("罚款", "警告"), "tiny", 0.2, 0.0, ""),
        ("违法建设",
         ("当事人未经批准在{a}楼顶搭建彩钢瓦房约{n}0平方米。",),
         "《中华人民共和国城乡规划法》第六十八条",
         ("其他", "罚款"), "small", 0.7, 0.0, ""),
    ),
    "police": (
        ("殴打他人",
         ("{d}，当事人在{a}因琐事与他人发生纠纷并殴打他人，致人轻微伤。",),
         "《中华人民共和国治安管理处罚法》第四十三条第一款",
         ("行政拘留", "行政拘留;罚款"), "tiny", 1.0, 0.0, ""),
        ("旅馆业未按规定登记住宿旅客信息",
         ("{d}，民警检查发现当事人经营的旅馆未按规定登记{n}名住宿旅客身份信息。",),
         "《中华人民共和国治安管理处罚法》第五十六条第一款",
         ("罚款", "警告"), "tiny", 0.2, 0.0, ""),
        ("非法储存烟花爆竹",
         ("当事人未经许可在{a}仓库内储存烟花爆竹{n}箱。",),
         "《烟花爆竹安全管理条例》第三十六条第二款",
         ("没收非法财物、罚款",), "small", 0.6, 0.0, ""),
    ),
    "culture": (
        ("互联网上网服务营业场所接纳未成年人",
         ("{d}，执法人员检查发现当事人经营的网吧内有{n}名未成年人上网。",),
         "《互联网上网服务营业场所管理条例》第三十一条第（二）项",
         ("警告;罚款", "暂扣许可证件;罚款"), "small", 0.1, 0.05, "网络文化经营许可证"),
        ("旅行社未与旅游者订立书面合同",
         ("当事人组织{n}名游客赴庐山旅游，未与旅游者订立书面旅游合同。",),
         "《中华人民共和国旅游法》第九十五条",
         ("罚款",), "small", 0.0, 0.0, ""),
    ),
    "agri": (
        ("经营假农药",
         ("{d}，执法人员检查发现当事人在{a}的农资门店销售的除草剂经检验为假农药，"
          "共{n}瓶。",),
         "《农药管理条例》第五十五条第一款",
         ("没收违法所得、没收非法财物、罚款", "吊销许可证件"), "small", 0.2, 0.1,
         "农药经营许可证"),
        ("长江禁渔期内非法捕捞",
         ("{d}，当事人在长江九江段禁捕水域使用电鱼工具捕捞，查获渔获物{n}公斤。",
          "当事人于{d}在鄱阳湖湖口水域违规垂钓，使用多线多钩钓具，渔获物{n}公斤。"),
         "《中华人民共和国长江保护法》第八十六条第一款",
         ("没收违法所得、没收非法财物、罚款", "没收非法财物;罚款"), "small", 0.95, 0.05,
         ""),
        ("使用禁用兽药",
         ("当事人在养殖过程中使用国家禁用兽药，涉及生猪{n}头。",),
         "《兽药管理条例》第六十二条",
         ("罚款", "没收非法财物、罚款"), "mid", 0.5, 0.1, ""),
    ),
    "water": (
        ("河道非法采砂",
         ("{d}，执法人员在长江九江段巡查发现当事人所属采砂船在禁采区非法采砂约{n}00吨。",),
         "《长江河道采砂管理条例》第十八条",
         ("没收违法所得、没收非法财物、罚款",), "big", 0.4, 0.5, ""),
        ("未经批准擅自取水",
         ("当事人未取得取水许可，于{d}起擅自从{a}附近河道取水用于生产。",),
         "《中华人民共和国水法》第六十九条第（一）项",
         ("罚款",), "small", 0.1, 0.0, ""),
    ),
    "hr": (
        ("拖欠劳动者工资",
         ("经查，当事人拖欠{n}名劳动者工资，经责令限期支付逾期仍未支付。",),
         "《保障农民工工资支付条例》第五十四条第一款",
         ("罚款", "警告;罚款"), "mid", 0.0, 0.2, ""),
        ("未按规定办理社会保险登记",
         ("当事人自用工之日起三十日内未为{n}名职工申请办理社会保险登记。",),
         "《中华人民共和国社会保险法》第八十四条",
         ("罚款",), "small", 0.0, 0.0, ""),
    ),
    "fire": (
        ("消防设施未保持完好有效",
         ("{d}，消防监督检查发现当事人位于{a}的场所室内消火栓{n}处无水。",),
         "《中华人民共和国消防法》第六十条第一款第（一）项",
         ("罚款",), "small", 0.05, 0.0, ""),
        ("占用、堵塞、封闭疏散通道、安全出口",
         ("{d}，检查发现当事人经营场所的{n}处安全出口被杂物堵塞。",),
         "《中华人民共和国消防法》第六十条第一款第（三）项",
         ("罚款", "警告;罚款"), "small", 0.1, 0.0, ""),
        ("未经消防安全检查擅自投入使用、营业",
         ("当事人位于{a}的公众聚集场所未经消防安全检查，于{d}擅自投入使用。",),
         "《中华人民共和国消防法》第五十八条第一款第（四）项",
         ("责令停产停业;罚款",), "mid", 0.0, 0.05, ""),
    ),
    "edu": (
        ("违规开展学科类校外培训",
         ("{d}，执法人员检查发现当事人在{a}违规组织{n}名中小学生开展学科类培训。",),
         "《中华人民共和国民办教育促进法》第六十二条",
         ("警告;没收违法所得", "限制开展生产经营活动;罚款"), "small", 0.3, 0.05,
         "民办学校办学许可证"),
    ),
    "ndrc": (
        ("招标人与投标人串通投标",
         ("经查，当事人在{a}附近道路改造项目招标中与投标人串通，中标金额{n}00万元。",),
         "《中华人民共和国招标投标法》第五十三条",
         ("罚款", "没收违法所得、罚款"), "big", 0.0, 0.3, ""),
    ),
}

PENALTY_PHRASES = {
    "警告": "给予警告",
    "通报批评": "通报批评",
    "没收非法财物": "没收涉案物品",
    "暂扣许可证件": "暂扣许可证件三个月",
    "降低资质等级": "降低资质等级一级",
    "吊销许可证件": "吊销许可证件",
    "限制开展生产经营活动": "限制开展生产经营活动六个月",
    "责令停产停业": "责令停产停业整顿",
    "责令关闭": "责令关闭",
    "限制从业": "限制从业五年",
    "其他": "责令限期改正",
}

# ---------------------------------------------------------------------------------------------
# Licence catalogue: (文书名称, 证书名称, 许可编号 format, 许可内容 options, 许可类别, years valid
# (0 = 长期), for natural persons?, weight). 许可编号 formats use {area}, {s} (serial), {y}, {code}.
# ---------------------------------------------------------------------------------------------

LicenceItem = tuple[str, str, str, tuple[str, ...], str, int, bool, int]

LICENCE_ITEMS: dict[str, tuple[LicenceItem, ...]] = {
    "market": (
        ("准予设立登记通知书", "营业执照", "{code}",
         ("准予设立登记", "准予设立登记（分支机构）"), "登记", 0, False, 30),
        ("准予变更登记通知书", "营业执照", "{code}",
         ("准予变更登记（住所）", "准予变更登记（经营范围）", "准予变更登记（法定代表人）"),
         "登记", 0, False, 14),
        ("准予注销登记通知书", "", "",
         ("准予注销登记",), "登记", 0, False, 4),
        ("食品经营许可决定书", "食品经营许可证", "JY{k}{area}{s:06d}{c}",
         ("预包装食品（含冷藏冷冻食品）销售、散装食品（不含冷藏冷冻食品）销售",
          "热食类食品制售、冷食类食品制售",
          "预包装食品销售（含冷藏冷冻食品）、保健食品销售、特殊医学用途配方食品销售",
          "热食类食品制售、糕点类食品（含裱花蛋糕）制售"), "普通", 5, False, 22),
        ("药品经营许可决定书", "药品经营许可证", "赣CB792{s:04d}",
         ("中药饮片、中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）",),
         "普通", 5, False, 4),
        ("特种设备使用登记决定书", "特种设备使用登记证", "梯11赣G{s:05d}（{yy}）",
         ("电梯使用登记", "压力容器使用登记"), "登记", 0, False, 5),
        ("工业产品生产许可决定书", "工业产品生产许可证", "赣XK13-{s:03d}-{r:05d}",
         ("建筑用钢筋生产", "危险化学品包装物、容器生产"), "普通", 5, False, 1),
    ),
    "tax": (
        ("准予税务行政许可决定书", "", "",
         ("核准增值税专用发票（增值税税控系统）最高开票限额为十万元",
          "核准增值税专用发票（增值税税控系统）最高开票限额为一百万元"),
         "普通", 0, False, 1),
    ),
    "env": (
        ("排污许可决定书", "排污许可证", "{code}001{pv}",
         ("大气污染物、水污染物排放", "排放口及排放污染物种类、排放浓度限值"), "普通", 5,
         False, 5),
        ("建设项目环境影响报告表审批意见", "", "",
         ("同意建设项目环境影响报告表的结论", "原则同意该项目按照报告表所列性质、规模建设"),
         "普通", 0, False, 4),
        ("危险废物经营许可决定书", "危险废物经营许可证", "赣环危废临证字（{y}）第{s:03d}号",
         ("收集、贮存废矿物油、废铅蓄电池",), "普通", 5, False, 1),
    ),
    "safety": (
        ("危险化学品经营许可决定书", "危险化学品经营许可证", "赣九危化经字〔{y}〕{s:06d}",
         ("汽油、柴油（闭杯闪点≤60℃）零售", "液化石油气、乙炔、氧气批发（无储存）"),
         "普通", 3, False, 5),
        ("烟花爆竹经营（零售）许可决定书", "烟花爆竹经营（零售）许可证",
         "（赣）YH{y}-{s:05d}", ("烟花爆竹零售",), "普通", 1, False, 4),
        ("非煤矿矿山安全生产许可决定书", "安全生产许可证", "（赣）FM安许证字〔{y}〕{s:04d}",
         ("建筑用石料露天开采",), "普通", 3, False, 1),
    ),
    "build": (
        ("建筑工程施工许可决定书", "建筑工程施工许可证", "{area}{ymd}{s:04d}",
         ("住宅楼及地下室工程", "厂房及配套用房工程", "学校教学楼改扩建工程"), "普通", 0,
         False, 8),
        ("商品房预售许可决定书", "商品房预售许可证", "九房预售证第{y}{s:03d}号",
         ("准予预售住宅", "准予预售住宅及商业用房"), "普通", 0, False, 3),
        ("建筑业企业资质许可决定书", "建筑业企业资质证书", "D3360{s:05d}",
         ("施工总承包三级", "专业承包二级"), "认可", 5, False, 4),
        ("二级建造师执业注册决定书", "二级建造师注册证书", "赣236{s:07d}",
         ("建筑工程专业执业注册",), "认可", 3, True, 2),
    ),
    "transport": (
        ("道路运输经营许可决定书", "道路运输经营许可证", "赣交运管许可九字{area}{s:06d}号",
         ("道路普通货物运输", "道路旅客运输（县内班车）", "机动车维修（二类）"), "普通", 4,
         False, 8),
        ("道路运输证配发决定书", "道路运输证", "赣交运管九字{area}{s:06d}号",
         ("营运车辆道路运输证",), "普通", 0, False, 10),
        ("巡游出租汽车驾驶员从业资格注册", "巡游出租汽车驾驶员证", "赣G{s:06d}",
         ("巡游出租汽车驾驶员从业资格注册",), "认可", 3, True, 3),
        ("超限运输车辆行驶公路许可决定书", "超限运输车辆通行证", "赣CX{y}{s:06d}",
         ("大件运输通行许可",), "普通", 0, False, 2),
    ),
    "health": (
        ("医疗机构执业许可决定书", "医疗机构执业许可证", "PDY{s:05d}-{area}{r:05d}",
         ("诊疗科目：全科医疗科、中医科", "诊疗科目：口腔科", "诊疗科目：内科、外科、医学检验科"),
         "普通", 5, False, 4),
        ("公共场所卫生许可决定书", "公共场所卫生许可证", "九卫公证字〔{y}〕第{s:04d}号",
         ("美容美发场所", "住宿场所", "沐浴场所", "游泳场所"), "普通", 4, False, 10),
        ("医师执业注册", "医师执业证书", "1103604{s:08d}",
         ("执业类别：临床，执业范围：内科专业", "执业类别：中医，执业范围：中医专业"), "认可",
         0, True, 5),
        ("护士执业注册", "护士执业证书", "2019036{s:06d}",
         ("护士执业注册",), "认可", 5, True, 5),
    ),
    "land": (
        ("建设用地规划许可决定书", "建设用地规划许可证", "地字第{area}{y}{s:05d}号",
         ("住宅用地", "工业用地", "商服用地"), "普通", 0, False, 4),
        ("建设工程规划许可决定书", "建设工程规划许可证", "建字第{area}{y}{s:05d}号",
         ("新建住宅楼", "新建厂房"), "普通", 0, False, 5),
        ("采矿权出让许可决定书", "采矿许可证", "C{area}{y}{s:07d}",
         ("开采矿种：建筑用花岗岩；开采方式：露天开采",), "特许", 5, False, 1),
        ("乡村建设规划许可决定书", "乡村建设规划许可证", "乡字第{area}{y}{s:05d}号",
         ("农村村民住宅建设",), "普通", 0, True, 3),
    ),
    "city": (
        ("城市建筑垃圾处置核准决定书", "城市建筑垃圾处置核准证", "九城管渣准〔{y}〕{s:04d}",
         ("建筑垃圾运输处置",), "核准", 1, False, 4),
        ("临时占用城市道路许可决定书", "", "",
         ("临时占用城市道路堆放施工材料", "临时占用城市道路举办促销活动"), "普通", 0, False,
         3),
        ("设置大型户外广告许可决定书", "", "",
         ("设置大型户外广告牌",), "普通", 2, False, 2),
    ),
    "police": (
        ("特种行业许可决定书", "特种行业许可证", "九公特旅字第{s:05d}号",
         ("旅馆业",), "普通", 0, False, 5),
        ("大型群众性活动安全许可决定书", "", "",
         ("举办大型文艺演出活动安全许可", "举办马拉松赛事安全许可"), "普通", 0, False, 1),
    ),
    "culture": (
        ("娱乐经营许可决定书", "娱乐经营许可证", "{area}{s:06d}",
         ("歌舞娱乐场所",), "普通", 2, False, 3),
        ("旅行社业务经营许可决定书", "旅行社业务经营许可证", "L-JX-{s:05d}",
         ("国内旅游业务、入境旅游业务",), "普通", 0, False, 2),
    ),
    "agri": (
        ("农药经营许可决定书", "农药经营许可证", "农药经许（赣）{area}{s:04d}",
         ("农药（不含限制使用农药）",), "普通", 5, False, 4),
        ("兽药经营许可决定书", "兽药经营许可证", "（{y}）兽药经营证字1404{s:04d}号",
         ("非生物制品类兽药",), "普通", 5, False, 2),
        ("动物防疫条件合格证核发决定书", "动物防疫条件合格证", "（{y}）九动防合字第{s:04d}号",
         ("生猪养殖场",), "普通", 0, False, 3),
    ),
    "water": (
        ("取水许可决定书", "取水许可证", "D{area}G{y}-{s:04d}",
         ("取用地表水，年取水量二十万立方米",), "普通", 5, False, 3),
        ("河道采砂许可决定书", "河道采砂许可证", "九采许〔{y}〕{s:03d}",
         ("长江九江段可采区采砂",), "特许", 1, False, 1),
    ),
    "hr": (
        ("劳务派遣经营许可决定书", "劳务派遣经营许可证", "{area}{y}{s:04d}",
         ("劳务派遣",), "普通", 3, False, 2),
        ("人力资源服务许可决定书", "人力资源服务许可证", "{area}{s:06d}",
         ("职业介绍、人力资源供求信息的收集和发布",), "普通", 0, False, 1),
    ),
    "fire": (
        ("公众聚集场所投入使用、营业前消防安全检查合格证", "", "",
         ("宾馆、饭店", "商场、集贸市场", "歌舞娱乐场所"), "普通", 0, False, 1),
    ),
    "edu": (
        ("民办学校办学许可决定书", "民办学校办学许可证", "教民1360400{s:07d}号",
         ("非学科类校外培训（艺术类）", "学前教育"), "普通", 5, False, 1),
    ),
    "ndrc": (
        ("企业投资项目核准决定书", "", "",
         ("核准光伏发电项目", "核准港口码头改扩建项目"), "核准", 2, False, 1),
    ),
}

# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """A generated record that a takedown may point at."""

    category: str
    number: str
    code: str
    list_type: str
    dept: str
    day: int


class Export:
    """Generate every kind of the export from one random stream."""

    def __init__(
        self, out: Path, records: int, seed: int, end: date, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        self.out = out
        self.chunk_rows = chunk_rows
        self.records = records
        self.rng = Random(seed)
        self.cal = Calendar(end)
        self.stamp = datetime(end.year, end.month, end.day, 9, 0, 0)
        self.parties = Parties(self.rng, max(records // 4, 80), load_names())
        self.refs: dict[str, list[Ref]] = {}
        self.listed: dict[str, set[tuple[str, str]]] = {}
        self.lic_depts = weighted([(d, d.lic_weight) for d in DEPTS])
        self.pen_depts = weighted([(d, d.pen_weight) for d in DEPTS])
        self.lic_items = {
            f: weighted([(i, i[7]) for i in items]) for f, items in LICENCE_ITEMS.items()
        }
        self.counts: dict[str, int] = {}

    def remember(self, ref: Ref, keep: float) -> None:
        """Keep a record as a possible takedown target with probability keep."""
        if self.rng.random() < keep:
            self.refs.setdefault(ref.category, []).append(ref)

    def folder(self, kind: str) -> Path:
        """Return the kind's folder, emptied of files an earlier run wrote."""
        path = self.out / kind
        path.mkdir(parents=True, exist_ok=True)
        for old in [*path.glob(f"{kind}_*.csv"), *path.glob(f"{kind}_*.xlsx")]:
            old.unlink()
        return path

    def run(self) -> dict[str, int]:
        """Write every folder and return the rows written per folder."""
        n_lic = round(self.records * 0.8)
        n_pen = self.records - n_lic
        self.write_licensing(n_lic)
        self.write_penalties(n_pen)
        lists = {
            "redlist": max(30, round(self.records * 0.015)),
            "blacklist": max(30, round(self.records * 0.015)),
            "watchlist": max(30, round(self.records * 0.02)),
        }
        for kind, n in lists.items():
            self.write_list(kind, n)
        self.write_commitments(max(30, round(self.records * 0.05)))
        self.write_cases(max(10, self.records // 200))
        self.write_warnings(max(8, self.records // 500))
        self.write_takedowns(max(8, round(0.005 * (n_pen + sum(lists.values())))))
        return {kind: self.counts[kind] for kind in KINDS}

    # -- 行政许可 -----------------------------------------------------------------------------

    def write_licensing(self, n: int) -> None:
        """Write the licences; one department's year goes to an XLSX sheet instead."""
        folder = self.folder("licensing")
        sink = CsvSink(folder, "licensing", HEADERS["licensing"], chunk=self.chunk_rows)
        sheet_dept = DEPT_BY_NAME["九江市住房和城乡建设局"]
        sheet_year = self.cal.year[self.cal.end] - 1
        sheet_rows: list[list[str]] = []
        use_sheet = n >= 500
        for row, dept, year in self.licences(n):
            if use_sheet and dept is sheet_dept and year == sheet_year:
                sheet_rows.append(row)
            else:
                sink.write(row)
        self.counts["licensing"] = sink.close() + len(sheet_rows)
        if sheet_rows:
            write_xlsx(
                folder / f"licensing_{sheet_year}.xlsx",
                f"{sheet_dept.name}行政许可信息（{sheet_year}年）",
                HEADERS["licensing"],
                sheet_rows,
                (L_DATE, L_DATE + 1, L_END),
                self.stamp,
            )

    def licences(self, n: int) -> Iterator[tuple[list[str], Dept, int]]:
        """Yield licence rows in decision-date order with their department and year."""
        rnd, cal, parties = self.rng.random, self.cal, self.parties
        iso, years = cal.iso, cal.year
        depts, nd = self.lic_depts, len(self.lic_depts)
        serials: dict[tuple[str, int], int] = {}
        running: dict[str, int] = {}
        keep = min(1.0, 400 / max(n, 1))
        for off in cal.decision_days(self.rng, n):
            dept = depts[int(rnd() * nd)]
            items = self.lic_items[dept.field]
            item = items[int(rnd() * len(items))]
            party = parties.pick(item[6])
            year = years[off]
            key = (dept.name, year)
            serial = serials[key] = serials.get(key, 0) + 1
            running[dept.name] = seq = running.get(dept.name, 0) + 1
            number = dept.lic_fmt.format(y=year, n=serial)
            cert_no = _licence_number(item[2], dept, party, seq, year, iso[off], rnd())
            valid_to, status = self.validity(off, item[5])
            row = [
                *party.cols,
                item[0],
                number,
                item[4],
                item[1],
                cert_no,
                item[3][int(rnd() * len(item[3]))],
                iso[off],
                iso[off],
                valid_to,
                dept.name,
                dept.code,
                status,
                dept.name,
                dept.code,
                "",
                cal.report_day(rnd(), rnd(), off, dept.late),
            ]
            if status == "无效" and rnd() < 0.5:
                row[-2] = "已注销"
            q = rnd()
            if q < 0.06:
                yield from self.mess_up(row, q, off, L_DATE, L_DATE - 1, dept, year)
                continue
            self.remember(Ref("行政许可", number, _ref_code(party), "", dept.name, off), keep)
            yield row, dept, year

    def validity(self, off: int, years: int) -> tuple[str, str]:
        """Return 有效期至 and 当前状态 for a licence valid for years (0 = no end)."""
        cal, r = self.cal, self.rng.random()
        if years == 0:
            until = LONG_TERM if r < 0.8 else NO_END if r < 0.9 else ""
            return until, "无效" if r > 0.985 else "有效"
        until = off + years * 365 + years // 4 - 1
        expired = until < cal.end
        status = "无效" if (expired and r < 0.5) or r > 0.97 else "有效"
        return cal.iso[until], status

    def mess_up(
        self,
        row: list[str],
        q: float,
        off: int,
        date_col: int,
        blank_col: int,
        dept: Dept,
        year: int,
    ) -> Iterator[tuple[list[str], Dept, int]]:
        """Yield a row with one planted quirk (its kind chosen by q, below 0.06)."""
        code = row[P_CODE]
        if q < 0.01 and code:
            row[P_CODE] = to_full_width(code)
        elif q < 0.02 and code:
            row[P_CODE] = code.lower()
        elif q < 0.03:
            row[P_NAME] = f" {row[P_NAME]}  "
            if code:
                row[P_CODE] = f"{code} "
        elif q < 0.033 and code and code != USCC_PLACEHOLDER:
            row[P_CODE] = break_check_char(code)
        elif q < 0.045:
            row[date_col] = self.cal.alt(off, self.rng.random())
        elif q < 0.048:
            row[blank_col] = ""
        elif q < 0.05:
            yield row, dept, year  # an exact duplicate, as when an export is appended twice
        yield row, dept, year

    # -- 行政处罚 -----------------------------------------------------------------------------

    def write_penalties(self, n: int) -> None:
        """Write the penalties; one department's rows go to a GB18030 file."""
        folder = self.folder("penalties")
        sink = CsvSink(folder, "penalties", HEADERS["penalties"], chunk=self.chunk_rows)
        gb_dept = DEPT_BY_NAME["九江市生态环境局"]
        gb = CsvSink(
            folder,
            "penalties_gb18030",
            HEADERS["penalties"],
            "gb18030",
            False,
            chunk=self.chunk_rows,
        )
        use_gb = n >= 100
        for row, dept, _year in self.penalties(n):
            (gb if use_gb and dept is gb_dept else sink).write(row)
        self.counts["penalties"] = sink.close() + gb.close()

    def penalties(self, n: int) -> Iterator[tuple[list[str], Dept, int]]:
        """Yield penalty rows in decision-date order with their department and year."""
        rnd, cal, parties = self.rng.random, self.cal, self.parties
        years = cal.year
        depts, nd = self.pen_depts, len(self.pen_depts)
        serials: dict[tuple[str, int], int] = {}
        keep = min(1.0, 400 / max(n, 1))
        for off in cal.decision_days(self.rng, n):
            dept = depts[int(rnd() * nd)]
            items = PENALTY_ITEMS[dept.field]
            item = items[int(rnd() * len(items))]
            party = parties.pick(rnd() < item[5])
            year = years[off]
            key = (dept.name, year)
            serial = serials[key] = serials.get(key, 0) + 1
            number = dept.pen_fmt.format(y=year, n=serial)
            row = self.penalty_row(party, item, dept, number, off)
            q = rnd()
            if q < 0.06:
                yield from self.mess_up(row, q, off, X_DATE, X_DATE - 7, dept, year)
                continue
            self.remember(Ref("行政处罚", number, _ref_code(party), "", dept.name, off), keep)
            yield row, dept, year

    def penalty_row(
        self, party: Party, item: PenaltyItem, dept: Dept, number: str, off: int
    ) -> list[str]:
        """Return one penalty row."""
        rng, cal = self.rng, self.cal
        rnd = rng.random
        kinds = item[3][int(rnd() * len(item[3]))]
        fine = seized = ""
        content = []
        for part in re.split("[;、]", kinds):
            if part == "罚款":
                yuan = FINES[item[4]][int(rnd() * len(FINES[item[4]]))]
                fine = f"{yuan / 10000:g}"
                content.append(f"罚款人民币{yuan}元")
            elif part == "没收违法所得":
                got = 100 * (1 + int(rnd() * 80))
                seized = f"{got / 10000:g}"
                content.append(f"没收违法所得人民币{got}元")
            elif part == "行政拘留":
                content.append(f"行政拘留{5 + int(rnd() * 6)}日")
            else:
                content.append(PENALTY_PHRASES[part])
        body = "；".join(f"{i}.{c}" for i, c in enumerate(content, 1)) + "。"
        if len(content) == 1:
            body = content[0] + "。"
        licence = ""
        if item[7] and ("吊销" in kinds or "暂扣" in kinds):
            licence = f"{item[7]}（编号：{rng.randrange(10**7, 10**8)}）"
        r = rnd()
        # Most exports leave 失信程度 blank; the item's rate makes 严重 rare outside grave acts.
        severe = item[6] * 0.4
        severity = "严重" if r < severe else "一般" if r < severe + 0.12 else ""
        span = 1095 if severity == "严重" else 365
        r = rnd()
        valid = (
            LONG_TERM
            if r < 0.22 or "吊销" in kinds
            else NO_END
            if r < 0.25
            else cal.iso[off + span]
        )
        public_end = cal.iso[off + (span if r > 0.5 else 182)] if rnd() < 0.25 else ""
        return [
            *party.cols,
            number,
            item[0],
            self.fact(item, off),
            item[2],
            kinds,
            body,
            fine,
            seized,
            licence,
            cal.iso[off],
            valid,
            public_end,
            dept.name,
            dept.code,
            dept.name,
            dept.code,
            "",
            severity,
            cal.report_day(rnd(), rnd(), off, dept.late),
        ]

    def fact(self, item: PenaltyItem, off: int) -> str:
        """Return the 违法事实, now and then leaking a phone or ID number as real ones do."""
        rng = self.rng
        templates = item[1]
        text = templates[int(rng.random() * len(templates))].format(
            d=self.cal.cn[off],
            a=self.parties.addresses[int(rng.random() * 400)],
            n=2 + int(rng.random() * 30),
        )
        r = rng.random()
        if r < 0.004:
            mobile = f"{rng.choice(load_names().mobile_prefixes)}0792{rng.randrange(10**4):04d}"
            text += f"（当事人联系电话：{mobile}）"
        elif r < 0.007:
            text += f"经营者联系电话0792-8{rng.randrange(10**6):06d}。"
        elif r < 0.010:
            text += f"（当事人身份证号码：{self.parties.id_number()}）"
        return text

    # -- 红黑名单 -----------------------------------------------------------------------------

    def write_list(self, kind: str, n: int) -> None:
        """Write n list entries of one list, unique per (统一社会信用代码, 名单类型)."""
        rng, cal = self.rng, self.cal
        sink = CsvSink(self.folder(kind), kind, HEADERS[kind], chunk=self.chunk_rows)
        entries = sorted((self.list_entry(kind) for _ in range(n)), key=lambda e: e[0])
        for day, row, ref in entries:
            q = rng.random()
            if q < 0.01 and row[3]:
                row[3] = to_full_width(row[3])
            elif q < 0.02 and row[3]:
                row[3] = row[3].lower()
            elif q < 0.03:
                row[10] = cal.alt(day, rng.random())
            elif q < 0.04:
                row[1] = f"{row[1]} "
            # Only entries whose code is spelled plainly are takedown targets, so that every
            # takedown matches without relying on code normalisation.
            if ref is not None and q >= 0.02:
                self.refs.setdefault(ref.category, []).append(ref)
            sink.write(row)
        self.counts[kind] = sink.close()

    def list_entry(self, kind: str) -> tuple[int, list[str], Ref | None]:
        """Return (列入日期, row, takedown target or None) of one list entry."""
        rng, cal = self.rng, self.cal
        spec = rng.choice(LIST_TYPES[kind])
        list_type, deciders, reasons, basis, years, person_share, removed_share = spec
        dept = DEPT_BY_NAME[rng.choice(deciders)]
        listed = self.listed.setdefault(kind, set())
        while True:
            if rng.random() < person_share:
                party = self.parties.pick(True)
                break
            party = rng.choice(self.parties.listable)
            if (party.code, list_type) not in listed:
                listed.add((party.code, list_type))
                break
        day = cal.start + int((cal.end - cal.start) * rng.random() ** 0.8)
        until = cal.iso[day + years * 365] if years else ""
        removed = ""
        if rng.random() < removed_share:
            removed = cal.iso[cal.after(rng, day, 30, 700)]
        row = [
            list_type,
            party.name,
            party.category,
            party.code,
            party.person_id,
            party.rep,
            rng.choice(reasons).format(y=cal.year[day] - 1),
            basis,
            dept.name,
            dept.code,
            cal.iso[day],
            until,
            removed,
            dept.name,
            "",
        ]
        ref = None
        if party.has_code and not removed:
            ref = Ref(LIST_CATEGORY[kind], "", party.code, list_type, dept.name, day)
        return day, row, ref

    # -- 信用承诺 -----------------------------------------------------------------------------

    def write_commitments(self, n: int) -> None:
        """Write n commitments with 承诺编码 unique per area and day."""
        rng, cal = self.rng, self.cal
        sink = CsvSink(
            self.folder("commitments"), "commitments", HEADERS["commitments"], chunk=self.chunk_rows
        )
        serials: dict[tuple[str, int], int] = {}
        for off in cal.decision_days(rng, n):
            dept = self.lic_depts[int(rng.random() * len(self.lic_depts))]
            key = (dept.area, off)
            serials[key] = serials.get(key, 0) + 1
            number = f"{dept.area}{cal.compact[off]}{serials[key]:06d}"
            party = self.parties.pick(rng.random() < 0.05)
            row = self.commitment_row(number, party, dept, off)
            q = rng.random()
            if q < 0.01 and party.code:
                row[3] = to_full_width(row[3])
            elif q < 0.02:
                row[8] = cal.alt(off, rng.random())
            elif q < 0.025:
                row[1] = ""
            elif party.has_code and row[15] == "可向社会公开":
                self.remember(Ref("信用承诺", number, party.code, "", dept.name, off), 0.5)
            sink.write(row)
        self.counts["commitments"] = sink.close()

    def commitment_row(self, number: str, party: Party, dept: Dept, off: int) -> list[str]:
        """Return one commitment row."""
        rng, cal = self.rng, self.cal
        kind, reasons, content = rng.choice(COMMITMENT_TYPES)
        r = rng.random()
        state = "全部履行" if r < 0.86 else "部分履行" if r < 0.95 else "全部未履行"
        unmet = pursued = ""
        if state != "全部履行":
            unmet = "未在承诺期限内补齐相关证明材料"
            pursued = "撤销已作出的行政决定，将违诺信息记入信用记录"
        r = rng.random()
        public = "可向社会公开" if r < 0.9 else "特定范围内公开" if r < 0.97 else "不可公开"
        valid = LONG_TERM if rng.random() < 0.3 else cal.iso[off + rng.choice((365, 730, 1095))]
        return [
            number,
            party.name,
            party.category,
            party.code or party.person_id,
            kind,
            rng.choice(reasons),
            content,
            rng.choice(BREACH_TERMS),
            cal.iso[off],
            valid,
            state,
            unmet,
            pursued,
            dept.name,
            dept.code,
            public,
            "",
        ]

    # -- 典型案例、风险提示 --------------------------------------------------------------------

    def write_cases(self, n: int) -> None:
        """Write n typical cases with a few paragraphs each."""
        rng, cal = self.rng, self.cal
        sink = CsvSink(self.folder("cases"), "cases", HEADERS["cases"], chunk=self.chunk_rows)
        for off in cal.decision_days(rng, n):
            kind, depts, title, paragraphs = rng.choice(CASE_TEMPLATES)
            party = rng.choice(self.parties.listable)
            dept = DEPT_BY_NAME[rng.choice(depts)]
            fill = {
                "name": party.name,
                "dept": dept.name,
                "date": cal.cn[off],
                "n": 2 + int(rng.random() * 20),
                "y": cal.year[off] - 1,
            }
            text = "\n".join(p.format(**fill) for p in paragraphs)
            source = rng.choice(("信用九江", "九江日报", dept.name, "江西省公共信用信息平台"))
            sink.write(
                [
                    title.format(**fill),
                    kind,
                    party.name,
                    party.code,
                    dept.name,
                    dept.code,
                    cal.iso[off],
                    text,
                    source,
                ]
            )
        self.counts["cases"] = sink.close()

    def write_warnings(self, n: int) -> None:
        """Write n risk warnings, each by the department the topic belongs to."""
        rng, cal = self.rng, self.cal
        sink = CsvSink(
            self.folder("warnings"), "warnings", HEADERS["warnings"], chunk=self.chunk_rows
        )
        # Warnings are topical: they come from the last two years, and half never expire.
        days = sorted(cal.end - int(730 * rng.random()) for _ in range(n))
        for i, off in enumerate(days):
            pick = (i * 7 + int(rng.random() * 3)) % len(WARNINGS)  # spread over all topics
            title, dept_name, paragraphs = WARNINGS[pick]
            until = cal.iso[off + rng.choice((365, 730))] if rng.random() < 0.5 else ""
            text = "\n".join(paragraphs).format(date=cal.cn[off])
            sink.write([title, dept_name, cal.iso[off], text, until])
        self.counts["warnings"] = sink.close()

    # -- 撤销、信用修复 -----------------------------------------------------------------------

    def write_takedowns(self, n: int) -> None:
        """Write n takedowns, each pointing at a real generated record."""
        rng, cal = self.rng, self.cal
        sink = CsvSink(
            self.folder("takedowns"), "takedowns", HEADERS["takedowns"], chunk=self.chunk_rows
        )
        plan = [c for c, _ in TAKEDOWN_MIX if self.refs.get(c)]
        mix = weighted([(c, w) for c, w in TAKEDOWN_MIX if self.refs.get(c)])
        rows: list[tuple[int, list[str]]] = []
        used: set[Ref] = set()
        for i in range(n):
            category = plan[i] if i < len(plan) else rng.choice(mix)
            pool = self.refs[category]
            ref = pool[int(rng.random() * len(pool))]
            for _ in range(20):  # a record is taken down once; retry a few picks
                if ref not in used:
                    break
                ref = pool[int(rng.random() * len(pool))]
            else:
                continue
            used.add(ref)
            action, note = rng.choice(TAKEDOWN_ACTIONS[category])
            day = cal.after(rng, ref.day, 90, 500)
            rows.append(
                (
                    day,
                    [
                        category,
                        ref.number,
                        ref.code,
                        ref.list_type,
                        action,
                        cal.iso[day],
                        ref.dept,
                        note,
                    ],
                )
            )
        rows.sort(key=lambda item: item[0])
        for _day, row in rows:
            sink.write(row)
        self.counts["takedowns"] = sink.close()


def _ref_code(party: Party) -> str:
    """Return the code a takedown names a party by: none for people and placeholders."""
    return party.code if party.has_code else ""


def _licence_number(
    fmt: str, dept: Dept, party: Party, seq: int, year: int, iso: str, r: float
) -> str:
    """Return a 许可编号 from the item's format."""
    if not fmt:
        return ""
    # A 个体工商户 without a credit code is known by its 工商注册号.
    code = party.code if party.has_code else party.cols[3]
    if fmt == "{code}":
        return code
    return fmt.format(
        area=dept.area,
        s=seq,
        y=year,
        yy=str(year)[2:],
        ymd=iso.replace("-", ""),
        code=code,
        k=1 + int(r * 3),
        c=int(r * 10),
        r=int(r * 99999),
        pv="V" if r < 0.5 else "P",
    )


# ---------------------------------------------------------------------------------------------
# Lists, commitments, cases, warnings and takedowns: vocabulary
# ---------------------------------------------------------------------------------------------

# fmt: off
LIST_CATEGORY = {"redlist": "守信激励", "blacklist": "严重失信", "watchlist": "重点关注"}

# (名单类型, deciding bodies, 列入事由 options, 列入依据, years valid (0 = none), share of
# natural persons, share already removed)
LIST_TYPES: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, int, float,
                                  float], ...]] = {
    "redlist": (
        ("A级纳税人", ("国家税务总局九江市税务局",),
         ("{y}年度纳税信用评价为A级",), "《纳税信用管理办法（试行）》第二十九条", 1, 0.0,
         0.02),
        ("A级纳税人", ("国家税务总局九江市税务局",),
         ("{y}年度纳税信用评价为A级",), "《纳税信用管理办法（试行）》第二十九条", 1, 0.0,
         0.02),
        ("海关高级认证企业", ("九江海关",),
         ("经海关认证，符合高级认证企业标准",),
         "《中华人民共和国海关注册登记和备案企业信用管理办法》第十条", 0, 0.0, 0.05),
        ("诚信典型", ("九江市发展和改革委员会", "九江市市场监督管理局"),
         ("获评{y}年度九江市“诚信经营示范单位”", "获评{y}年度“守合同重信用”企业"),
         "《九江市守信联合激励对象名单管理办法》", 2, 0.0, 0.05),
    ),
    "blacklist": (
        ("失信被执行人", ("九江市中级人民法院", "浔阳区人民法院", "濂溪区人民法院"),
         ("有履行能力而拒不履行生效法律文书确定义务", "违反财产报告制度", "违反限制消费令"),
         "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条", 2, 0.5, 0.25),
        ("失信被执行人", ("九江市中级人民法院", "浔阳区人民法院", "濂溪区人民法院"),
         ("有履行能力而拒不履行生效法律文书确定义务",),
         "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条", 0, 0.5, 0.25),
        ("重大税收违法失信主体", ("国家税务总局九江市税务局",),
         ("虚开增值税专用发票", "偷税数额一百万元以上且占应纳税总额百分之十以上"),
         "《重大税收违法失信主体信息公布管理办法》第六条", 3, 0.0, 0.1),
        ("严重违法失信企业", ("九江市市场监督管理局",),
         ("被列入经营异常名录届满3年仍未履行相关义务", "提交虚假材料取得公司登记被撤销"),
         "《市场监督管理严重违法失信名单管理办法》第十四条", 3, 0.0, 0.15),
        ("海关失信企业", ("九江海关",),
         ("被海关依法暂停从事报关业务", "违反海关监管规定被处罚款累计超过一百万元"),
         "《中华人民共和国海关注册登记和备案企业信用管理办法》第十二条", 2, 0.0, 0.1),
        ("安全生产严重失信", ("九江市应急管理局",),
         ("发生较大生产安全事故", "未依法进行安全评价且拒不改正"),
         "《安全生产严重失信主体名单管理办法》第七条", 3, 0.0, 0.1),
    ),
    "watchlist": (
        ("经营异常名录", ("九江市市场监督管理局", "浔阳区市场监督管理局", "濂溪区市场监督管理局",
                          "柴桑区市场监督管理局", "修水县市场监督管理局"),
         ("未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
          "通过登记的住所或者经营场所无法联系", "公示企业信息隐瞒真实情况、弄虚作假"),
         "《企业经营异常名录管理暂行办法》第四条", 0, 0.0, 0.3),
        ("经营异常名录", ("九江市市场监督管理局", "浔阳区市场监督管理局"),
         ("未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告",),
         "《企业经营异常名录管理暂行办法》第四条", 0, 0.0, 0.3),
        ("重点关注对象", ("九江市发展和改革委员会",),
         ("{y}年度内受到三次以上行政处罚", "存在拖欠农民工工资行为"),
         "《九江市公共信用信息管理办法》", 1, 0.0, 0.1),
    ),
}

COMMITMENT_TYPES = (
    ("审批替代型", ("申请办理食品经营许可证", "申请办理建筑工程施工许可证",
                    "申请办理公共场所卫生许可证", "申请办理道路运输经营许可证"),
     "本单位郑重承诺：已知晓办理事项的全部条件和要求，所填写的信息和提交的材料真实、准确、"
     "有效；取得许可后严格遵守相关法律法规，自觉接受行政机关的监督检查。"),
    ("容缺受理型", ("申请容缺受理企业投资项目备案", "申请容缺受理建设工程规划许可"),
     "本单位承诺在受理之日起二十个工作日内补齐容缺材料，逾期未补齐的，自愿承担不利后果。"),
    ("证明事项型", ("以书面承诺替代无犯罪记录证明", "以书面承诺替代纳税证明",
                    "以书面承诺替代社会保险缴纳证明"),
     "本人（本单位）承诺所声明的事实真实、准确，无虚假内容，知晓虚假承诺的法律后果。"),
    ("信用修复型", ("申请行政处罚信息信用修复", "申请移出经营异常名录"),
     "本单位承诺已履行行政处罚决定规定的义务，已纠正失信行为，今后守法诚信经营，"
     "如再次发生同类失信行为，自愿接受从严处理。"),
    ("行业自律型", ("签署行业诚信经营自律承诺书",),
     "本单位承诺遵守行业规范，不哄抬价格，不虚假宣传，不以次充好，自觉接受社会监督。"),
    ("主动型", ("主动向社会作出诚信经营承诺",),
     "本单位承诺依法诚信经营，按时足额缴纳税款和职工社会保险费，不拖欠员工工资。"),
    ("其他", ("参加政府采购活动作出信用承诺", "申请财政资金支持作出信用承诺"),
     "本单位承诺近三年内在经营活动中没有重大违法记录，未被列入严重失信主体名单。"),
)
BREACH_TERMS = (
    "如违反上述承诺，自愿承担相应法律责任，接受撤销相关决定的处理，并同意将违诺信息记入"
    "信用记录，依法依规向社会公开。",
    "违反承诺的，愿意接受行政机关依法作出的处理，并承担由此产生的一切法律后果。",
)

CASE_TEMPLATES = (
    ("联合奖惩案例", ("国家税务总局九江市税务局", "九江市发展和改革委员会"),
     "A级纳税人{name}凭信用获得“信易贷”授信",
     ("{name}连续多年被评为A级纳税人。{date}，该企业通过“信易贷”平台申请融资。",
      "合作银行依据企业纳税信用和公共信用信息，免抵押为其发放信用贷款{n}00万元，"
      "从申请到放款仅用三个工作日。",
      "守信激励措施让诚信企业切实享受到“信用红利”，营造了“守信者处处受益”的良好氛围。")),
    ("联合奖惩案例", ("九江市发展和改革委员会",), "{name}因拒不履行法定义务被实施联合惩戒",
     ("{name}因拒不履行生效法律文书确定的给付义务，被人民法院列入失信被执行人名单。",
      "{dept}等部门依据联合惩戒备忘录，在政府采购、招标投标、财政资金支持等方面"
      "对其依法予以限制。",
      "{date}，该企业主动履行全部义务，案件执行完毕。")),
    ("信用修复案例", ("九江市市场监督管理局", "九江市生态环境局", "九江市交通运输局",
                      "国家税务总局九江市税务局", "九江市城市管理局"),
     "{name}主动纠正失信行为完成信用修复",
     ("{name}因{y}年一起行政处罚，相关信息在“信用中国（江西九江）”网站公示。",
      "企业在履行处罚决定、完成整改后，通过“信用中国”网站在线提交信用修复申请，"
      "并作出信用承诺。",
      "经审核，{dept}于{date}同意修复，相关信息停止公示。整个过程不收取任何费用。")),
    ("诚信典型", ("九江市市场监督管理局", "九江市发展和改革委员会"),
     "{name}：诚信经营赢得市场口碑",
     ("{name}坚持“质量第一、诚信为本”，多年来未发生一起质量投诉。",
      "企业建立了完善的合同管理和信用管理制度，连续{n}年按时足额缴纳税款。",
      "{y}年度，该企业被评为九江市“诚信经营示范单位”。")),
    ("失信典型", ("九江市市场监督管理局", "九江市住房和城乡建设局", "九江市卫生健康委员会"),
     "{name}虚假承诺被依法撤销许可",
     ("{name}在申请许可时以告知承诺方式办理，承诺在规定期限内补齐相关材料。",
      "经{dept}核查，该企业未履行承诺，相关材料存在虚假情况。",
      "{date}，{dept}依法撤销其许可决定，并将违诺信息记入信用记录。")),
    ("失信典型", ("九江市生态环境局",), "{name}通过暗管偷排生产废水被依法查处",
     ("{dept}在执法检查中发现，{name}通过暗管将未经处理的生产废水排入长江支流。",
      "{date}，{dept}依法对其作出罚款并责令停产整治的行政处罚，案件移送公安机关。",
      "该企业被认定为严重失信主体，在融资授信、评优评先等方面受到限制。")),
)

WARNINGS = (
    ("关于防范预付式消费风险的提示", "九江市市场监督管理局",
     ("近期，我市部分健身、美容、教育培训机构出现“办卡容易退卡难”的问题。",
      "市场监管部门提醒广大消费者：办理预付卡前要查看经营者的信用记录，理性消费，"
      "一次充值不宜过多，并保存好合同和付款凭证。",
      "如遇纠纷，可拨打12315热线投诉举报。（{date}）")),
    ("关于谨防冒充信用修复机构收费的提示", "九江市发展和改革委员会",
     ("近期有不法分子冒充“信用中国”网站或信用服务机构，以“付费快速修复信用”为名实施诈骗。",
      "信用修复全程免费，申请人可通过“信用中国”网站或向作出处罚决定的部门申请。",
      "请广大经营主体提高警惕，切勿轻信。（{date}）")),
    ("关于防范非法集资的风险提示", "九江市发展和改革委员会",
     ("非法集资往往以“高额回报”“保本付息”为诱饵，手段隐蔽，危害巨大。",
      "请广大群众认清非法集资本质，不参与、不宣传，发现线索及时向有关部门举报。（{date}）")),
    ("关于防范“低价游”陷阱的消费提示", "九江市文化广电新闻出版旅游局",
     ("旅游旺季将至，部分不合理低价旅游团以“零团费”招揽游客，再通过强迫购物牟利。",
      "请游客选择具有经营资质的旅行社，签订书面旅游合同，保留相关票据。（{date}）")),
    ("关于冬季燃气安全使用的风险提示", "九江市城市管理局",
     ("冬季是燃气事故易发期。请广大用户使用合格的燃气器具和连接软管，"
      "做到人走火灭，保持室内通风。",
      "发现燃气泄漏时，应立即关闭阀门，打开门窗，切勿开关电器。（{date}）")),
    ("关于谨慎选择校外培训机构的提示", "九江市教育局",
     ("请家长选择经教育部门审批、证照齐全的校外培训机构，不一次性缴纳超过三个月的费用。",
      "对违规开展学科类培训的行为，可向教育部门举报。（{date}）")),
    ("关于电动自行车消防安全的风险提示", "九江市消防救援支队",
     ("电动自行车火灾多发生在夜间充电时段。",
      "严禁在楼道、安全出口处停放电动自行车或私拉电线充电，请使用合格的充电器。（{date}）")),
    ("关于春耕时节谨防购买假劣农资的提示", "九江市农业农村局",
     ("春耕备耕期间，请广大农户到证照齐全的农资门店购买农药、种子、化肥，"
      "索要并保存购货凭证。",
      "发现假劣农资，请及时向农业农村部门举报。（{date}）")),
    ("关于防范医疗美容消费风险的提示", "九江市卫生健康委员会",
     ("选择医疗美容服务时，请确认机构持有医疗机构执业许可证，主诊医师具有相应资质。",
      "切勿在美容院、工作室等非医疗机构接受注射类医美项目。（{date}）")),
    ("关于依法按时申报纳税的提示", "国家税务总局九江市税务局",
     ("请广大纳税人按规定期限办理纳税申报，逾期申报将影响纳税信用评价。",
      "纳税信用为A级的纳税人可享受“银税互动”等多项激励措施。（{date}）")),
    ("关于长江禁渔期间禁止非法垂钓的提示", "九江市农业农村局",
     ("长江九江段及鄱阳湖禁捕水域实行十年禁渔。",
      "禁止使用多线多钩、可视锚鱼等钓具垂钓，违者将依法处罚。（{date}）")),
    ("关于防范劳务用工风险的提示", "九江市人力资源和社会保障局",
     ("劳动者应与用人单位签订书面劳动合同，留存工资支付凭证。",
      "遇到拖欠工资问题，可拨打12333热线或向劳动保障监察机构投诉。（{date}）")),
)

TAKEDOWN_MIX = (
    ("行政处罚", 60), ("行政许可", 10), ("严重失信", 10), ("重点关注", 10), ("守信激励", 5),
    ("信用承诺", 5),
)
TAKEDOWN_ACTIONS = {
    # Repeated options weigh more: most takedowns of penalties are credit repairs.
    "行政处罚": (("信用修复", "已履行处罚决定并完成整改，经审核同意信用修复"),
                 ("信用修复", "当事人申请信用修复，经核实符合条件"),
                 ("信用修复", "已履行处罚决定并完成整改，经审核同意信用修复"),
                 ("信用修复", "当事人申请信用修复，经核实符合条件"),
                 ("信用修复", "当事人申请信用修复，经核实符合条件"),
                 ("撤销", "原处罚决定经行政复议依法撤销"),
                 ("更正", "更正处罚金额")),
    "行政许可": (("撤销", "申请人以欺骗手段取得许可，依法撤销"),
                 ("更正", "更正行政相对人名称")),
    "严重失信": (("信用修复", "已纠正失信行为并履行相关义务"), ("移出", "名单有效期届满前移出")),
    "重点关注": (("移出", "已补报年度报告，申请移出"), ("信用修复", "已完成信用修复")),
    "守信激励": (("撤销", "认定依据发生变化，撤销守信激励认定"),
                 ("移出", "发生失信行为，移出守信激励名单")),
    "信用承诺": (("撤销", "承诺人撤回承诺"), ("更正", "更正承诺内容")),
}
# fmt: on


def write_demo_data(
    out: Path, records: int, seed: int = 1, end: date = date(2026, 11, 20)
) -> dict[str, int]:
    """Write a synthetic city export into `out` (one sub-folder per kind); return rows written per folder."""
    return Export(Path(out), records, seed, end).run()
