"""Handbook import benchmark: a messy 10,000-row handbook as .xlsx and as .csv.

    python -m tests.bench.handbook_import_bench
    python -m tests.bench.handbook_import_bench --rows 20000 --database-url postgres://…/db

Writes a realistic handbook (a merged title over the header on row 3, full-width digits,
mixed units, Tibetan names, a signature line under the table) as .xlsx and as GB18030 .csv,
migrates a database of its own (SQLite in a temporary folder, or the PostgreSQL database
--database-url names, dropped and created anew), then
imports each file in a fresh child process, so that the peak RSS is the import's and not the
generator's: once timed with `resource.getrusage` (ru_maxrss), once more under tracemalloc
(which slows Python down, so its time is not the one reported), and a third time as a
re-import of the same file (every entry matched by its natural key, none changed); the
.xlsx is then imported once more with every price changed (10,000 updates).
Targets: under 30 s and under 300 MB peak. Not collected by pytest.
"""

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECONDS_TARGET = 30
MEGABYTES_TARGET = 300
COUNTY = "540102"

PRODUCTS = [
    ("青稞面", "ནས་ཕྱེ།"), ("青稞酒", "ཆང་།"), ("牦牛肉干", "གཡག་ཤ་སྐམ་པོ།"),
    ("牦牛酸奶", "གཡག་ཞོ།"), ("酥油", "མར།"), ("藏香", "སྤོས།"), ("松茸", "ཤ་མོ།"),
    ("藏红花", "གུར་གུམ།"), ("手工藏毯", "རྐང་གདན།"), ("风干牦牛肉", "ཤ་སྐམ།"),
    ("奶渣", "ཕྱུར་བ།"), ("藏鸡蛋", "བྱ་སྒོང་།"), ("菜籽油", "ཡུངས་མར།"), ("土豆", "ཞོག་ཁོག"),
    ("核桃", "སྟར་ཀ།"), ("蜂蜜", "སྦྲང་རྩི།"), ("苹果", "ཀུ་ཤུ།"), ("糌粑", "རྩམ་པ།"),
    ("甜茶", "ཇ་མངར་མོ།"), ("藏药香囊", "སྨན་ཁུག"),
]  # fmt: skip
VARIANTS = ["", "（精装）", "（礼盒）", "特级", "有机", "高原", "手工", "传统"]
SPECS = [
    "500克/袋", "５００ｇ／袋", "2斤装", "1kg/盒", "250g×4袋", "5斤/箱", "1.5公斤",
    "1两/盒", "500ml/瓶", "散装", "２斤/袋", "4×250克", "10千克/箱", "100g/罐", "3斤装",
]  # fmt: skip
PRICES = ["20-30元", "¥２５~３５", 85, "１２０", "约25元", "30元/斤", "20至30元", "15.5", 68]
OUTPUTS = ["1.2万斤", "５００吨", "约3000公斤", "5000盒", "1,200 kg", 800, "2万余斤"]
SEASONS = ["全年", "6-8月", "６月-８月", "11月至次年2月", "常年", "夏秋季", "5月上旬至7月下旬"]
CERTIFICATIONS = ["", "", "绿色食品", "有机产品、地理标志", "Green food", "承诺达标合格证"]
CHANNELS = ["农贸市场40%，电商30%，商超30%", "电商６０％；线下４０％", "电商", "", "线上(50%)"]
FAMILY = ["扎西", "卓玛", "次仁", "央金", "格桑", "旺堆", "拉姆", "平措", "德吉", "多吉"]
KINDS = ["农牧民专业合作社", "农业开发有限公司", "家庭农场", "", "食品厂"]
AREAS = ["城关区蔡公堂乡", "城关区娘热乡", "城关区夺底乡", "城关区", "纳金乡"]


def _gtin(rng: random.Random) -> str:
    body = "690" + "".join(rng.choice("0123456789") for _ in range(9))
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _producers(count: int) -> list[str]:
    names = []
    for number in range(count):
        person = FAMILY[number % len(FAMILY)]
        kind = KINDS[number % len(KINDS)]
        names.append(f"城关区{person}{kind}{number}" if kind else f"{person}{number}")
    return names


def build_rows(count: int, seed: int = 2025) -> list[list]:
    """`count` distinct entries (name + specification + producer), as staff type them."""
    rng = random.Random(seed)
    producers = _producers(max(10, count // 30))
    rows, keys = [], set()
    while len(rows) < count:
        product, tibetan = rng.choice(PRODUCTS)
        name = f"{product}{rng.choice(VARIANTS)}{rng.randint(1, 60)}号"
        specification = rng.choice(SPECS)
        producer = rng.choice(producers)
        if (name, specification, producer) in keys:
            continue
        keys.add((name, specification, producer))
        number = len(rows) + 1
        rows.append(
            [
                number
                if number % 3
                else str(number).translate({48 + i: 0xFF10 + i for i in range(10)}),
                name,
                tibetan,
                f"{product} no. {number}" if number % 4 == 0 else "",
                specification,
                "" if number % 5 else "袋",
                rng.choice(PRICES),
                rng.choice(AREAS),
                rng.choice(OUTPUTS),
                rng.choice(SEASONS),
                rng.choice(["一级", "特级", "", "二级"]),
                rng.choice(CERTIFICATIONS),
                rng.choice(CHANNELS),
                "",
                "城关区农业农村局" if number % 7 == 0 else "",
                producer,
                "拉萨电商有限公司" if number % 6 == 0 else "",
                _gtin(rng) if number % 2 else "",
                f"img/{number}.jpg；img/{number}-2.jpg" if number % 3 == 0 else "",
                "手工制作\n传统工艺" if number % 10 == 0 else "",
            ]
        )
    return rows


FOOTER = ["填表人：扎西    联系电话：0891-1234567"]


def write_files(folder: Path, count: int) -> tuple[Path, Path, Path]:
    """The handbook as .xlsx and .csv, and an .xlsx of it with every price changed."""
    from tests.catalog.handbooks.fixtures import write_csv, write_xlsx

    rows = build_rows(count)
    xlsx = write_xlsx(folder / "handbook.xlsx", rows, after_rows=[FOOTER])
    csv_path = write_csv(folder / "handbook.csv", [*rows, FOOTER], encoding="gb18030")
    for values in rows:
        values[6] = "９９-109元"
    changed = write_xlsx(folder / "handbook-changed.xlsx", rows, after_rows=[FOOTER])
    return xlsx, csv_path, changed


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "infra.settings.base",
        "DATABASE_URL": database_url,
        "DEBUG": "0",  # DEBUG would keep every SQL statement in memory
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
    }


def child(path: Path, edition: int, trace: bool) -> None:
    """One import, in this (fresh) process; prints its figures as JSON."""
    import resource
    import tracemalloc

    import django

    django.setup()
    from catalog.handbook_import import handbook_import
    from catalog.models import Division

    county = Division.objects.get(code=COUNTY)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = handbook_import(county=county, edition=edition, file=path, file_name=path.name)
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if trace else None
    figures = {
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": before,
        "traced_mb": traced,
        "status": report.status,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": report.errors_total,
        "first_errors": [f"{e.location} {e.value!r} {e.message_en}" for e in report.errors[:5]],
    }
    print(json.dumps(figures))


def run_child(env: dict, path: Path, edition: int, trace: bool = False) -> dict:
    command = [sys.executable, "-m", "tests.bench.handbook_import_bench", "--child", str(path)]
    command += ["--edition", str(edition)] + (["--trace"] if trace else [])
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--edition", type=int, default=2025, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        child(args.child, args.edition, args.trace)
        return 0
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as folder:
        folder = Path(folder)
        url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
        env = environment(url)
        started = time.perf_counter()
        xlsx, csv_path, changed = write_files(folder, args.rows)
        print(
            f"wrote {args.rows} rows in {time.perf_counter() - started:.1f} s: "
            f"xlsx {xlsx.stat().st_size / 1024:.0f} KiB, csv {csv_path.stat().st_size / 1024:.0f} KiB"
        )
        if url.startswith("postgres"):
            from tests.bench.server import database_create

            database_create(url)  # dropped first if it exists
            print("database", url.rsplit("@", 1)[-1])
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True
        )
        ok = True
        print(
            f"{'run':<22}{'seconds':>9}{'peak RSS MB':>13}{'(before)':>10}{'traced MB':>11}  result"
        )
        edition = 2030
        for label, path in (("xlsx", xlsx), ("csv (gb18030)", csv_path)):
            runs = [
                (f"{label} import", run_child(env, path, edition)),
                (f"{label} traced", run_child(env, path, edition + 1, trace=True)),
                (f"{label} re-import", run_child(env, path, edition)),
            ]
            if path == xlsx:
                runs.append(("xlsx all changed", run_child(env, changed, edition)))
            for name, figures in runs:
                result = (
                    f"{figures['status']}: {figures['rows']} rows, {figures['created']} created, "
                    f"{figures['updated']} updated, {figures['unchanged']} unchanged"
                )
                if figures["errors"]:
                    result += f", {figures['errors']} errors {figures['first_errors']}"
                traced_mb = f"{figures['traced_mb']:.1f}" if figures["traced_mb"] else "-"
                print(
                    f"{name:<22}{figures['seconds']:>9.2f}{figures['rss_mb']:>13.1f}"
                    f"{figures['rss_before_mb']:>10.1f}{traced_mb:>11}  {result}"
                )
                ok &= figures["status"] == "imported" and figures["rows"] == args.rows
                ok &= figures["rss_mb"] < MEGABYTES_TARGET
                ok &= name.endswith("traced") or figures["seconds"] < SECONDS_TARGET
            edition += 2
    print(f"targets (< {SECONDS_TARGET} s, < {MEGABYTES_TARGET} MB):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
