"""Draw the parties records are about: companies, 个体工商户, 社会组织 and natural persons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from generator.core.codes import USCC_PLACEHOLDER
from generator.demo.identifiers import make_id_number, make_reg_no, make_uscc
from generator.demo.names import Names

ORG, IND, SOC, PERSON = "法人及非法人组织", "个体工商户", "法人及非法人组织", "自然人"
ID_TYPE = "身份证"


@dataclass(frozen=True, slots=True)
class Party:
    """An organisation, 个体工商户 or natural person that records are about."""

    cols: tuple[str, ...]  # the 13 相对人 columns of the 双公示 standard
    name: str
    category: str
    code: str  # 统一社会信用代码, the placeholder, or "" for a natural person
    person_id: str  # natural persons only
    rep: str  # 法定代表人, or 经营者 of a 个体工商户

    @property
    def has_code(self) -> bool:
        """Tell whether the party has a real credit code."""
        return bool(self.code) and self.code != USCC_PLACEHOLDER


class Parties:
    """Build a pool of parties sized to the export, with unique names and codes."""

    def __init__(self, rng: Random, size: int, names: Names) -> None:
        self.rng = rng
        self.names = names
        self.taken_names: set[str] = set()
        self.taken_bodies: set[str] = set()
        self.zihao = [a + b for a in names.zihao for b in names.zihao if a != b]
        self.areas = [a for a, w in names.area_weights.items() for _ in range(w)]
        # The commonest surnames are drawn more often; compound ones are rare.
        surnames = names.surnames
        self.surnames = (
            list(surnames) * 6 + list(surnames[:20]) * 10 + list(names.compound_surnames)
        )
        self.addresses = [self.address() for _ in range(400)]
        self.business: list[Party] = []
        self.people: list[Party] = []
        self.individuals = 0
        for _ in range(size):
            r = rng.random()
            if r < 0.10:
                self.people.append(self.person())
            elif r < 0.27:
                self.business.append(self.individual())
            elif r < 0.30:
                self.business.append(self.social())
            else:
                self.business.append(self.company())
        self.listable = [p for p in self.business if p.has_code]

    def pick(self, person: bool) -> Party:
        """Return a party, favouring a few busy ones so that profiles have several records."""
        pool = self.people if person else self.business
        return pool[int(len(pool) * self.rng.random() ** 1.5)]

    def address(self) -> str:
        """Return a street address somewhere in 九江."""
        rng = self.rng
        area = rng.choice(self.names.address_districts)
        return f"{area}{rng.choice(self.names.roads)}{rng.randint(1, 999)}号"

    def person_name(self) -> str:
        """Return a Chinese personal name, sometimes with a compound surname."""
        rng = self.rng
        r = rng.random()
        size = 1 if r < 0.3 else 2 if r < 0.97 else 3
        given = self.names.given_chars
        return rng.choice(self.surnames) + "".join(rng.choice(given) for _ in range(size))

    def id_number(self) -> str:
        """Return a valid ID number of an adult born 1950–2004."""
        rng = self.rng
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
        return make_id_number(rng.choice(self.names.person_areas), born, rng.randrange(1, 1000))

    def unique_name(self, make: Callable[[], str]) -> str:
        """Return a name from make() that no other party has."""
        for _ in range(1000):
            name = make()
            if name not in self.taken_names:
                self.taken_names.add(name)
                return name
        # Name spaces hold millions of names; failing loudly beats looping forever.
        raise ValueError("no unused party name left; enlarge the name lists")

    def new_code(self, prefix: str, area: str) -> str:
        """Return a fresh valid credit code."""
        while True:
            body = f"{self.rng.randrange(10**8):08d}"
            if body not in self.taken_bodies:
                self.taken_bodies.add(body)
                return make_uscc(prefix, area, body)

    def company(self) -> Party:
        """Return a company, e.g. 九江鑫华建材有限公司."""
        rng = self.rng
        area = rng.choice(self.areas)
        place = self.names.areas[area]
        name = self.unique_name(lambda: self.company_name(place))
        code = self.new_code("91", area)
        rep = self.person_name()
        r = rng.random()
        org = f"{code[8:16]}-{code[16]}" if r < 0.15 else ""
        tax = code[2:17] if r < 0.08 else ""
        reg = make_reg_no(area + f"{rng.randrange(10**8):08d}") if r < 0.05 else ""
        rep_id = self.id_number() if rng.random() < 0.12 else ""
        cols = (
            name,
            ORG,
            code,
            reg,
            org,
            tax,
            "",
            "",
            rep,
            ID_TYPE if rep_id else "",
            rep_id,
            "",
            "",
        )
        return Party(cols, name, ORG, code, "", rep)

    def company_name(self, place: str) -> str:
        """Return a candidate company name registered in place."""
        rng = self.rng
        z, h, r = rng.choice(self.zihao), rng.choice(self.names.industries), rng.random()
        if r < 0.45:
            return f"九江{z}{h}有限公司"
        if r < 0.58:
            return f"九江市{z}{h}有限公司"
        if r < 0.63:
            return f"江西{z}{h}股份有限公司"
        if r < 0.72:
            return f"江西{z}{h}有限公司"
        if r < 0.87 and place != "九江市":
            return f"{place}{z}{h}有限公司"
        if r < 0.91 and place != "九江市":
            return f"{place}{z}{rng.choice(self.names.factories)}"
        if r < 0.95:
            return f"九江{z}{h}有限公司{rng.choice(self.names.branches)}分公司"
        if r < 0.98:
            return f"{z}{h}（九江）有限公司"
        return f"九江{z}{h}合伙企业（有限合伙）"

    def individual(self) -> Party:
        """Return a 个体工商户, e.g. 浔阳区张记小吃店, whose 经营者 is a person."""
        rng = self.rng
        area = rng.choice(self.areas)
        place = self.names.areas[area] if area != "360400" else "浔阳区"
        owner = self.person_name()
        surname = owner[:2] if owner[:2] in self.names.compound_surnames else owner[0]

        def make() -> str:
            shop, r = rng.choice(self.names.shops), rng.random()
            if r < 0.5:
                return f"{place}{surname}记{shop}"
            if r < 0.85:
                return f"{place}{rng.choice(self.zihao)}{shop}"
            return f"{place}{rng.choice(self.zihao)}{shop}（个体工商户）"

        name = self.unique_name(make)
        self.individuals += 1
        if self.individuals % 25 == 1:
            # Old registrations without a credit code: the placeholder plus the 工商注册号. One in
            # 25, counted rather than drawn, so that even a small demo has some.
            reg = make_reg_no(area + f"{rng.randrange(10**8):08d}")
            cols = (name, IND, USCC_PLACEHOLDER, reg, "", "", "", "", owner, "", "", "", "")
            return Party(cols, name, IND, USCC_PLACEHOLDER, "", owner)
        code = self.new_code("92", area)
        cols = (name, IND, code, "", "", "", "", "", owner, "", "", "", "")
        return Party(cols, name, IND, code, "", owner)

    def social(self) -> Party:
        """Return a 社会组织 (association, private non-enterprise unit)."""
        rng = self.rng
        area = rng.choice(self.areas)
        place = self.names.areas[area] if area != "360400" else "九江市"

        def make() -> str:
            template = rng.choice(self.names.social)
            filled = template.format(z=rng.choice(self.zihao), h=rng.choice(self.names.industries))
            return place + filled.removeprefix("九江市")

        name = self.unique_name(make)
        # 51 = 社会团体 (associations), 52 = 民办非企业单位 (GB 32100 registration types).
        code = self.new_code("51" if name.endswith("协会") else "52", area)
        rep = self.person_name()
        cols = (name, SOC, code, "", "", "", "", code, rep, "", "", "", "")
        return Party(cols, name, SOC, code, "", rep)

    def person(self) -> Party:
        """Return a natural person with a valid ID number and no credit code."""
        name = self.person_name()
        pid = self.id_number()
        cols = (name, PERSON, "", "", "", "", "", "", "", "", "", ID_TYPE, pid)
        return Party(cols, name, PERSON, "", pid, "")
