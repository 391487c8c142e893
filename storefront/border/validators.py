"""Formats of the customs facts and identity numbers border trade records.

- HS codes: the international Harmonized System code has 6 digits (chapter, heading,
  subheading); China's national tariff lines add 2 (8 digits) and its statistical codes 2 more
  (10 digits). Written plain (09023000) or dotted (0902.30, 0902.30.00); stored as digits. The
  chapter (first two digits) is 01–97, except 77, which the HS keeps reserved.
- Resident identity card (GB 11643): 18 characters, a 6-digit region code, the birth date
  (YYYYMMDD), a 3-digit sequence and an ISO 7064 MOD 11-2 check character (0–9 or X).
- Border pass (边境通行证 / 边民证): no public check digit exists, so only the shape is checked:
  one or two capital letters followed by 8 digits (e.g. T12345678). Adjust BORDER_PASS if the
  issuing office's format differs.
"""

import datetime
import re
from dataclasses import dataclass

from storefront.border.models import ResidentIdKind

HS_PLAIN = re.compile(r"\d+")
HS_DOTTED = re.compile(r"\d{4}\.\d{2}(?:\.?\d{2}){0,2}")
HS_LENGTHS = (6, 8, 10)
CURRENCY = re.compile(r"[A-Z]{3}")
RESIDENT_ID = re.compile(r"\d{17}[\dX]")
BORDER_PASS = re.compile(r"[A-Z]{1,2}\d{8}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# ISO 3166-1 alpha-2, as Saleor's CountryCode enum lists them.
_COUNTRY_LIST = """
AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA BW BV
BR IO BN BG BF BI CV KH CM CA KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW CY CZ DK DJ
DM DO EC EG SV GQ ER EE SZ ET FK FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GU GT GG
GN GW GY HT HM VA HN HK HU IS IN ID IR IQ IE IM IL IT JM JP JE JO KZ KE KI XK KW KG LA LV LB
LS LR LY LI LT LU MO MG MW MY MV ML MT MH MQ MR MU YT MX FM MD MC MN ME MS MA MZ MM NA NR NP
NL NC NZ NI NE NG NU NF KP MK MP NO OM PK PW PS PA PG PY PE PH PN PL PT PR QA RE RO RU RW BL
SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX SK SI SB SO ZA GS KR SS ES LK SD SR SJ SE CH
SY TW TJ TZ TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB UM US UY UZ VU VE VN VG VI WF EH YE
ZM ZW
"""
COUNTRY_CODES = frozenset(_COUNTRY_LIST.split())


class FormatError(ValueError):
    """The value is not in the expected format; the message says why (English, for the API)."""


def hs_code_normalise(value: str) -> str:
    """The HS code as digits only, or FormatError."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        raise FormatError("Enter an HS code: 6 digits, or 8 or 10 with China's national digits.")
    if "." in text:
        if not HS_DOTTED.fullmatch(text):
            raise FormatError(
                f"HS code '{value}' is not in a dotted form such as 0902.30 or 0902.30.00."
            )
        text = text.replace(".", "")
    elif not HS_PLAIN.fullmatch(text):
        raise FormatError(f"HS code '{value}' may only contain digits and dots.")
    if len(text) not in HS_LENGTHS:
        raise FormatError(
            f"HS code '{value}' has {len(text)} digits; it needs 6, or 8 or 10 with China's "
            "national digits."
        )
    chapter = int(text[:2])
    if not 1 <= chapter <= 97 or chapter == 77:
        raise FormatError(
            f"HS code '{value}' starts with chapter {text[:2]}, which does not exist "
            "(chapters are 01–97, 77 is reserved)."
        )
    return text


def hs_code_display(code: str) -> str:
    """Digits shown dotted as customs forms print them: 0902.30, 0902.30.00, 0902.30.00.10."""
    groups = [code[:4]] + [code[start : start + 2] for start in range(4, len(code), 2)]
    return ".".join(groups)


def country_code_check(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in COUNTRY_CODES:
        raise FormatError(f"'{value}' is not an ISO 3166-1 alpha-2 country code.")
    return code


def currency_code_check(value: str) -> str:
    code = (value or "").strip().upper()
    if not CURRENCY.fullmatch(code):
        raise FormatError(f"'{value}' is not an ISO 4217 currency code.")
    return code


@dataclass(frozen=True)
class IdNumber:
    kind: str
    number: str  # normalised: no spaces, upper case

    @property
    def masked(self) -> str:
        """Enough to tell documents apart, never enough to rebuild the number."""
        shown = 4 if self.kind == ResidentIdKind.RESIDENT_ID else 2
        return self.number[:shown] + "*" * (len(self.number) - 2 * shown) + self.number[-shown:]


def _resident_id_check(number: str) -> None:
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise FormatError("The identity card number holds no valid birth date.") from None
    total = sum(int(digit) * weight for digit, weight in zip(number, ID_WEIGHTS, strict=False))
    if ID_CHECK[total % 11] != number[17]:
        raise FormatError("The identity card number's check character does not match.")


def id_number_parse(value: str) -> IdNumber:
    """An 18-character resident identity card number or a border pass number, or FormatError."""
    number = re.sub(r"[\s-]+", "", value or "").upper()
    if RESIDENT_ID.fullmatch(number):
        _resident_id_check(number)
        return IdNumber(ResidentIdKind.RESIDENT_ID, number)
    if BORDER_PASS.fullmatch(number):
        return IdNumber(ResidentIdKind.BORDER_PASS, number)
    raise FormatError(
        "Enter an 18-character resident identity card number or a border pass number "
        "(one or two letters and 8 digits)."
    )
