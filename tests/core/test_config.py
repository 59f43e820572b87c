"""The configuration refuses what it cannot use safely: frame origins and site_url."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.core.config import ConfigError, frame_origin, load_config, valid_site_url


@pytest.mark.parametrize(
    "bad",
    [
        "http://amr.jiujiang.gov.cn",  # framing over plain http can be altered on the way
        "https://amr.jiujiang.gov.cn:99999",
        "https://amr.jiujiang.gov.cn:0",
        "https://-.-",
        "https://-amr.gov.cn",
        "https://amr-.gov.cn",
        "https://amr_x.gov.cn",
        "https://a..gov.cn",
        "https://1.2.3",
        "https://user@amr.gov.cn",
        "https://",
        "ftp://amr.gov.cn",
        f"https://{'a' * 64}.gov.cn",
    ],
)
def test_a_frame_origin_needs_https_a_valid_host_and_port(bad: str) -> None:
    with pytest.raises(ConfigError, match="frame_origins"):
        frame_origin(bad)


@pytest.mark.parametrize(
    ("origin", "written"),
    [
        ("https://AMR.JiuJiang.gov.cn", "https://amr.jiujiang.gov.cn"),
        ("https://amr.jiujiang.gov.cn:8443/", "https://amr.jiujiang.gov.cn:8443"),
        ("https://信用.中国", "https://xn--vuqs22g.xn--fiqs8s"),  # as browsers match it
        ("https://10.0.0.7", "https://10.0.0.7"),
        ("https://[2001:DB8::1]:443", "https://[2001:db8::1]:443"),
        # Loopback only: a second local server frames /embed/ in previews and browser tests.
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("http://localhost:9", "http://localhost:9"),
    ],
)
def test_a_frame_origin_is_written_as_browsers_compare_it(origin: str, written: str) -> None:
    assert frame_origin(origin) == written


def test_the_demo_frame_origins_are_valid() -> None:
    config = load_config(Path(__file__).parents[2] / "mkdocs.yml")
    assert config.frame_origins and all(o.startswith("https://") for o in config.frame_origins)


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        'https://credit.example.gov.cn/"><script>alert(1)</script>',
        "https://credit.example.gov.cn/<x>",
        "https://credit.example.gov.cn/'",
        "https://credit.example.gov.cn/a b",
        "https://credit.example.gov.cn/\x07",
        "https://credit.example.gov.cn/?q=1",
        "https://credit.example.gov.cn/#top",
        "https://credit.example.gov.cn:70000/",
        "https://-.-/",
        "//credit.example.gov.cn/",
        "credit.example.gov.cn",
        "data:text/html,x",
        "https://admin:secret@credit.example.gov.cn/",
        "https://credit.example.gov.cn/%zz",
    ],
)
def test_a_bad_site_url_is_refused(bad: str) -> None:
    with pytest.raises(ConfigError, match="site_url"):
        valid_site_url(bad)


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("https://credit.example.gov.cn/", "https://credit.example.gov.cn/"),
        ("HTTPS://Credit.Example.gov.cn", "https://credit.example.gov.cn"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("https://www.jiujiang.gov.cn/xyjj/", "https://www.jiujiang.gov.cn/xyjj/"),
        ("https://信用.中国/", "https://xn--vuqs22g.xn--fiqs8s/"),
    ],
)
def test_a_good_site_url_is_kept(url: str, written: str) -> None:
    assert valid_site_url(url) == written


@pytest.mark.parametrize(
    "site_url", ["javascript:alert(1)", '"https://x.gov.cn/\\"><script>alert(1)</script>"']
)
def test_a_bad_site_url_is_a_configuration_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site_url: str
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: 测试\nsite_url: {site_url}\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    args = ["--config", str(config), "build", "--data", str(tmp_path / "data")]
    args += ["--out", str(tmp_path / "site"), "--work", str(tmp_path / "build")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("配置错误：") and "site_url" in err
    assert not (tmp_path / "site").exists()
