"""Search scale benchmark: 1,000 and 5,000 cases, on generated test pages and on the real built site.

Two kinds of site, both measured over http (127.0.0.1) and from file:// in headless Chromium with every
non-local request blocked:

* ``synthetic`` — plain pages (tests.support.testsite) with ~1.5 KB of generated Chinese text each, written here
  in seconds (seeded);
* ``real`` — the real site built with MkDocs (directory URLs for http, ``--no-directory-urls`` for file://, as the
  offline bundle does) from data like the real data: ``djkb.devtools.realistic.generate_realistic`` (the repository's
  records plus clones of its case files with prose drawn from its own text; ``--corpus synthetic`` for the old
  ``djkb.devtools.synthetic.generate_corpus`` data); about a minute per build at 5,000 cases.

Per site and mode it prints: index size (and per page); time to search ready after opening a case page (ms
after navigation start; also when the index scripts had all run and when the prefilter was complete); query
latency of ``djkbSearch(q, {limit: 10})`` (median / p95 / max over a fixed query set, every query run
several times, measured inside the page); the time the search box needs to show the results of a query
(search + snippets + DOM + layout); JS heap after garbage collection (``performance.memory.usedJSHeapSize``
with --enable-precise-memory-info, which includes array buffers, and the array-buffer part of it as reported by
CDP ``Runtime.getHeapUsage``).

    .venv/bin/python benchmarks/search_scale.py                      # both kinds, 1000 and 5000 cases
    .venv/bin/python benchmarks/search_scale.py 2000 --site real     # other sizes / one kind
    .venv/bin/python benchmarks/search_scale.py --keep /tmp/scale    # keep (and reuse) generated sites
    .venv/bin/python benchmarks/search_scale.py --busy 2             # with 2 CPU-burning processes running
    .venv/bin/python benchmarks/search_scale.py --engine old.js --engine djkb/assets/search/djkb-search.js
    .venv/bin/python benchmarks/search_scale.py --keep /tmp/new --against /tmp/old --inflate script --repeat 3

``--engine`` (repeatable) installs the given engine in a site before measuring it (default: the repository's):
over ``assets/djkb/search/djkb-search.js`` of generated test pages, over the hashed ``djkb-search.<hash>.js``
of a real site, with the names of the site's inflate script and manifest carried over into it. With several
engines, each site and mode is measured with every engine in turn, ``--repeat`` times, interleaved, so that
before/after figures share the same conditions (e.g. ``git show HEAD~3:djkb/assets/search/djkb-search.js >
old.js``); the table keeps the median row of each engine's repeats (by query p95).

``--against DIR`` adds the sites of another work directory (made by an earlier version of this script with
``--keep DIR``, e.g. from ``git archive`` of an earlier commit), each measured with its own engine and index,
interleaved with this version's: for changes of the index format, where swapping the engine alone is not
possible. ``--inflate script`` also measures this version with the vendored inflate instead of the browser's
``DecompressionStream`` (``window.djkbSearchOptions``). The ``decode`` column is the wall-clock time during
which index files were being decoded (base64, inflate, text, JSON, search form of the pages). ``first`` is the
time of the first query (``FIRST_QUERY``, typed without spaces), issued the moment the engine reports ready:
whatever the engine leaves until later (the prefilter, flattening strings) is paid there. ``longest`` and
``TBT`` are the longest main-thread task and the total blocking time (sum of each long task's time over 50 ms)
from navigation start until search and prefilter are ready (Long Tasks API): how much the page froze meanwhile.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.search.indexer import INDEX_DIR, SearchExpansion  # noqa: E402
from tests.support.browser import isolated_browser, serve  # noqa: E402
from tests.support.testsite import DemoPage, page_file, write_site  # noqa: E402

ENGINE = ROOT / "djkb" / "assets" / "search" / "djkb-search.js"

PLACES = ["**县", "**市", "**区", "**镇", "**街道", "**乡", "**村", "**社区"]
ORGS = ["村党组织", "社区党委", "机关党支部", "国企党委", "非公企业党支部", "学校党委", "流动党员党支部", "物业党支部"]
TOPICS = [
    "阵地建设",
    "三会一课",
    "主题党日",
    "党员积分管理",
    "红色物业",
    "软弱涣散整顿",
    "党费收缴",
    "网格化治理",
    "乡村振兴",
    "基层治理",
    "组织生活会",
    "民主评议党员",
    "发展党员",
    "党员教育",
    "志愿服务",
    "村级集体经济",
    "党群服务中心",
    "联系服务群众",
    "先锋示范岗",
    "党建引领",
    "新就业群体",
    "两新组织",
    "书记项目",
    "支部标准化",
]
VERBS = ["推进", "落实", "深化", "规范", "创新", "打造", "完善", "强化", "健全", "探索"]
NOUNS = [
    "工作机制",
    "服务体系",
    "活动阵地",
    "制度规范",
    "队伍建设",
    "考核办法",
    "议事规则",
    "台账资料",
    "服务清单",
    "责任清单",
    "问题清单",
    "活动场所",
    "远程教育设备",
    "党员档案",
    "组织关系",
    "学习计划",
    "帮扶措施",
]
CONNECT = ["同时", "此外", "在此基础上", "通过", "围绕", "按照", "结合", "坚持"]
NUMBERS = ["12371", "100%", "3个", "15项", "每月1次", "每季度", "2023年", "2024年", "48户", "260名"]


def sentence(rng: random.Random) -> str:
    parts = [
        rng.choice(CONNECT),
        rng.choice(TOPICS),
        "，",
        rng.choice(VERBS),
        rng.choice(NOUNS),
        "，",
        rng.choice(VERBS),
        rng.choice(TOPICS),
        rng.choice(NOUNS),
    ]
    if rng.random() < 0.3:
        parts += ["，", rng.choice(NUMBERS)]
    return "".join(parts) + "。"


def paragraph(rng: random.Random, n: int) -> str:
    return "".join(sentence(rng) for _ in range(n))


def synthetic_pages(n_cases: int, seed: int = 1) -> tuple[list[DemoPage], list[SearchExpansion]]:
    rng = random.Random(seed)
    pages: list[DemoPage] = []
    expansions = [
        SearchExpansion(
            "三会一课", ("三会一课制度",), ("支部党员大会", "支部委员会", "党小组会", "党课"), "glossary/shyk/"
        ),
        SearchExpansion("软弱涣散", ("软弱涣散党组织",), (), "glossary/rrhs/"),
        SearchExpansion("两新组织", (), ("新经济组织", "新社会组织"), "glossary/lxzz/"),
    ]
    for i, term in enumerate(TOPICS):
        pages.append(DemoPage(f"glossary/t{i}/", term, f"<h1>{term}</h1><p>{paragraph(rng, 3)}</p>", [term]))
    for i in range(40):
        name = (
            rng.choice(["党旗引航", "红色领航", "先锋", "初心", "连心", "同心"])
            + rng.choice(["工程", "行动", "计划", "品牌"])
            + str(i)
        )
        pages.append(DemoPage(f"brands/b{i}/", name, f"<h1>{name}</h1><p>{paragraph(rng, 6)}</p>", [name]))
    for i in range(n_cases):
        title = f"{rng.choice(PLACES)}{rng.choice(ORGS)}{rng.choice(VERBS)}{rng.choice(TOPICS)}"
        body = (
            f"<h1>{title}</h1>"
            f"<table><tr><th>地点</th><td>{rng.choice(PLACES)}</td></tr><tr><th>年份</th><td>{rng.randint(2015, 2025)}</td></tr></table>"
            f"<h2>背景</h2><p>{paragraph(rng, 4)}</p>"
            f"<h2>做法</h2><ul>" + "".join(f"<li>{sentence(rng)}</li>" for _ in range(5)) + "</ul>"
            f"<h2>成效</h2><p>{paragraph(rng, 4)}</p>"
            f"<h2>启示</h2><p>{paragraph(rng, 3)}</p>"
        )
        pages.append(DemoPage(f"cases/case-{i:05d}/", title, body, [title]))
    return pages, expansions


# A fixed query set: names, glossary terms (with expansions), pinyin (full, initials, several names), digits,
# multi-word queries, broad 1–2 character queries that match almost every page, and queries with no match.
QUERIES = [
    "党",
    "费",
    "建",
    "的",
    "1",
    "党费",
    "三会一课",
    "12371",
    "党建引领 乡村振兴",
    "红色物业",
    "不存在的词语组合",
    "shyk",
    "dangqiyinhang",
    "dj",
    "dq",
    "zz",
    "sh",
    "主题党日 2024年",
    "远程教育设备",
    "软弱涣散",
    "两新组织",
    "xyz",
    "100%",
    "组织生活会 规范",
    "党员积分管理工作机制",
    "社区党委推进网格化治理",
    "三会一课 党员",
    "党员 党组织 工作",
    "san hui yi ke",
    "村党组织 阵地建设 2023年",
    # typed without spaces: split into words, every word required (partial matches when no page holds all)
    "村级阵地建设标准",
    "软弱涣散党组织整顿",
    "基层党建述职考核",
    "非公企业党建",
    "三会一课落实",
    "shyk落实",
    "党员教育培训学时",
    "社区网格化治理",
    "党组织书记述职评议",
    "在职党员社区报到",
]
ROUNDS = 5

MEASURE_JS = """async ([queries, rounds]) => {
  const e = djkbSearch.engine;
  const api = [];
  const perQuery = {};
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const t = performance.now();
      const r = await djkbSearch(q, {limit: 10});
      const dt = performance.now() - t;
      api.push(dt);
      perQuery[q] = Math.max(perQuery[q] || 0, dt);
    }
  }
  // The search box: results of a query shown (search, snippets, DOM, layout), as when the box gets focus.
  const input = document.querySelector('.djkb-search__input');
  const panel = document.querySelector('.djkb-search__panel');
  const ui = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      input.value = q;
      const t = performance.now();
      input.dispatchEvent(new FocusEvent('focus'));
      void panel.offsetHeight;
      ui.push(performance.now() - t);
    }
  }
  input.value = '';
  input.dispatchEvent(new FocusEvent('focus'));
  return {api, ui, perQuery};
}"""

# Main-thread tasks over 50 ms (Long Tasks API) from navigation start: what a reader would feel as the page
# freezing while the index loads.
LONG_TASKS_JS = """window.djkbLongTasks = []; try { new PerformanceObserver(list => { for (const e of list.getEntries())
  window.djkbLongTasks.push([e.startTime, e.duration]); }).observe({type: 'longtask', buffered: true}); } catch (e) {}"""

# The first query, typed the moment the engine is ready (before its prefilter exists): whatever the engine
# leaves until later is paid here. A query typed without spaces, so that splitting it uses the word list.
FIRST_QUERY = "基层党建述职考核"
FIRST_QUERY_JS = """(() => { let engine; Object.defineProperty(window, 'djkbSearch', {configurable: true,
  get() { return engine; },
  set(search) { engine = search; if (!search || !search.engine) return;
    search.engine.ready().then(() => { const t = performance.now();
      search(%s, {limit: 10}).then(r => { window.djkbFirstQuery = [performance.now() - t, r.length]; }); }); } }); })();"""

READY_JS = """() => { const s = window.djkbSearch && djkbSearch.engine.stats();
  return !!s && s.ready && (s.prefilterPages === undefined || s.prefilterPages === s.pages); }"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def measure(context, url: str, rounds: int, init_script: str | None = None) -> dict:
    page = context.new_page()
    page.add_init_script(LONG_TASKS_JS)
    page.add_init_script(FIRST_QUERY_JS % json.dumps(FIRST_QUERY))
    if init_script:
        page.add_init_script(init_script)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # engines are swapped between runs
    page.goto(url)
    page.wait_for_function(READY_JS, timeout=120_000, polling=50)
    page.wait_for_function("() => !!window.djkbFirstQuery", timeout=60_000, polling=50)
    stats = page.evaluate("djkbSearch.engine.stats()")
    first_ms, first_hits = page.evaluate("window.djkbFirstQuery")
    loaded = max(stats["readyAt"], stats.get("prefilterReadyAt") or 0)
    long_tasks = [d for start, d in page.evaluate("window.djkbLongTasks") if start <= loaded]
    m = page.evaluate(MEASURE_JS, [QUERIES, rounds])
    for _ in range(2):
        cdp.send("HeapProfiler.collectGarbage")
    usage = cdp.send("Runtime.getHeapUsage")
    js_heap = page.evaluate("performance.memory.usedJSHeapSize")
    page.close()
    return {
        "ready_ms": stats["readyAt"],
        "loaded_ms": stats.get("indexLoadedAt") or 0,
        "prefilter_ms": stats.get("prefilterReadyAt") or 0,
        "decode_ms": stats.get("decodeMs") or 0,
        "inflate": stats.get("inflate") or "-",
        "first_ms": first_ms,
        "first_hits": first_hits,
        "longest_task": max(long_tasks, default=0),
        "blocking_ms": sum(d - 50 for d in long_tasks),
        "api": m["api"],
        "ui": m["ui"],
        "slowest": sorted(m["perQuery"].items(), key=lambda kv: -kv[1])[:3],
        "heap_mb": js_heap / 1e6,
        "backing_mb": usage.get("backingStorageSize", 0) / 1e6,
        "errors": errors,
    }


def site_engine(site: Path) -> Path:
    """The engine the pages load: `djkb-search.js` (generated test pages) or, in a real site, the one hashed
    name `djkb-search.<hash>.js` (djkb/build/site_assets.py)."""
    out_dir = site.joinpath(*INDEX_DIR)
    hashed = [p for p in out_dir.glob("djkb-search.*.js") if _HASHED_ENGINE.match(p.name)]
    if len(hashed) > 1:
        raise SystemExit(f"{out_dir}: several engines {sorted(p.name for p in hashed)}; rebuild the site")
    return hashed[0] if hashed else out_dir / "djkb-search.js"


def install_engine(site: Path, engine: Path) -> None:
    """Put `engine` where the site's pages load it from. A real site's engine carries the names of its inflate
    script and index manifest (written in by the build): they are carried over into the engine installed."""
    target = site_engine(site)
    text = engine.read_text(encoding="utf-8")
    if target.is_file():
        current = target.read_text(encoding="utf-8")
        for line in _NAMED_LINES:
            found = line.search(current)
            if found:
                text, count = line.subn(lambda _: found.group(0), text)
                if count != 1:
                    raise SystemExit(f"{engine}: no line naming {line.pattern}; cannot install it in {site}")
    target.write_text(text, encoding="utf-8")


_HASHED_ENGINE = re.compile(r"^djkb-search\.[0-9a-f]{10}\.js$")
_NAMED_LINES = [re.compile(r'var INFLATE_SCRIPT = "[^"]*";'), re.compile(r'var MANIFEST_SCRIPT = "[^"]*";')]


def manifest_file(site: Path) -> Path:
    """The index manifest: `manifest.js` (generated test pages) or, in a real site, `manifest.<index key>.js`."""
    out_dir = site.joinpath(*INDEX_DIR)
    named = sorted(out_dir.glob("manifest.*.js"))
    return named[0] if len(named) == 1 and not (out_dir / "manifest.js").is_file() else out_dir / "manifest.js"


def index_size(site: Path) -> tuple[int, int]:
    """Bytes and number of the index files (manifest, lexicon, shards; not the engine or its inflate script)."""
    files = [
        p
        for p in site.joinpath(*INDEX_DIR).iterdir()
        if p == manifest_file(site) or p.name.startswith(("lexicon.", "shard-"))
    ]
    return sum(p.stat().st_size for p in files), len(files)


def index_pages(site: Path) -> int:
    manifest = manifest_file(site).read_text(encoding="utf-8")
    return int(manifest.split('"pages":', 1)[1].split(",", 1)[0])


# -- sites ----------------------------------------------------------------------------------------------


def synthetic_sites(n: int, work: Path) -> dict[str, tuple[Path, str]]:
    """mode -> (site dir, relative path of a case page)."""
    out = {}
    for mode in ("http", "file"):
        site = work / f"synthetic-{n}-{mode}"
        loc = f"cases/case-{n - 1:05d}/" if mode == "http" else f"cases/case-{n - 1:05d}.html"
        if not manifest_file(site).exists():
            pages, expansions = synthetic_pages(n)
            if mode == "file":
                pages = [
                    DemoPage(p.location.rstrip("/") + ".html" if p.location else "", p.title, p.html, p.names)
                    for p in pages
                ]
            write_site(site, pages, expansions)
        out[mode] = (site, page_file(loc))
    return out


def real_prefix(corpus: str) -> str:
    """Folder names of the real sites: the synthetic ones keep the names earlier versions gave them (``--against``)."""
    return "real" if corpus == "synthetic" else "realistic"


def real_sites(n: int, work: Path, corpus: str = "realistic") -> dict[str, tuple[Path, str]]:
    """The real site built by MkDocs from generated data (reused when already in ``work``)."""
    if corpus == "synthetic":
        from djkb.devtools.synthetic import generate_corpus

        data = work / f"data-{n}"
        if not (data / "cases").is_dir():
            generate_corpus(data, n)
    else:
        from djkb.devtools.realistic import generate_realistic

        data = work / f"data-realistic-{n}"
        if not (data / "cases").is_dir():
            generate_realistic(data, n)
    case_id = sorted(p.stem for p in (data / "cases").glob("*.yml"))[n // 2]
    out = {}
    for mode, flag, rel in (
        ("http", "--use-directory-urls", f"cases/{case_id}/index.html"),
        ("file", "--no-directory-urls", f"cases/{case_id}.html"),
    ):
        site = work / f"{real_prefix(corpus)}-{n}-{mode}"
        if not manifest_file(site).exists():
            env = dict(os.environ, DJKB_DATA_DIR=str(data), NO_MKDOCS_2_WARNING="1")
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", flag, "-d", str(site)],
                cwd=ROOT,
                env=env,
                check=True,
                stderr=subprocess.DEVNULL,
            )
            print(f"  (built real site, {n} cases, {mode}: {time.perf_counter() - t:.0f} s)", flush=True)
        out[mode] = (site, rel)
    return out


@contextlib.contextmanager
def busy_cpus(count: int):
    """``count`` processes spinning on the CPU while measuring ("the machine is busy")."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def fmt3(values: list[float]) -> str:
    return f"{statistics.median(values):5.1f} / {pct(values, 0.95):5.1f} / {max(values):5.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    ap.add_argument("--site", choices=["synthetic", "real", "both"], default="both")
    ap.add_argument(
        "--corpus",
        choices=["realistic", "synthetic"],
        default="realistic",
        help="data of the real site: grown from the repository's records (default) or the old synthetic corpus",
    )
    ap.add_argument("--keep", type=Path, help="work directory kept (and reused) between runs")
    ap.add_argument("--engine", type=Path, action="append", help="djkb-search.js to measure (repeatable)")
    ap.add_argument(
        "--against",
        type=Path,
        action="append",
        default=[],
        help="work directory of another version's sites (--keep of that version), measured as they are",
    )
    ap.add_argument(
        "--inflate",
        choices=["script"],
        action="append",
        default=[],
        help="also measure with the vendored inflate instead of DecompressionStream",
    )
    ap.add_argument("--repeat", type=int, default=1, help="measurements per engine, site and mode (interleaved)")
    ap.add_argument("--busy", type=int, default=0, help="CPU-burning processes running while measuring")
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    args = ap.parse_args()
    kinds = ["synthetic", "real"] if args.site == "both" else [args.site]
    # Variants measured in turn: (label, work dir or None for this run's, engine copied in or None, init script).
    variants = [(str(engine), None, engine, None) for engine in args.engine or [ENGINE]]
    variants += [
        (f"{engine} (inflate: {how})", None, engine, f"window.djkbSearchOptions = {{inflate: '{how}'}}")
        for how in args.inflate
        for engine in args.engine or [ENGINE]
    ]
    variants += [(f"sites of {other}", other, None, None) for other in args.against]
    with contextlib.ExitStack() as stack:
        work = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="djkb-search-scale-")))
        work.mkdir(parents=True, exist_ok=True)
        rows = []
        for n in args.sizes:
            for kind in kinds:
                if kind == "synthetic":
                    make = synthetic_sites
                else:
                    make = functools.partial(real_sites, corpus=args.corpus)
                sites = {None: make(n, work)}
                for other in args.against:
                    prefix = f"{kind if kind == 'synthetic' else real_prefix(args.corpus)}-{n}-"
                    if not all(manifest_file(other / (prefix + m)).is_file() for m in ("http", "file")):
                        raise SystemExit(
                            f"{other}: no {prefix}http/file sites; make them with that version's --keep {other}"
                        )
                    sites[other] = make(n, other)  # built by that version: reused as they are
                with contextlib.ExitStack() as servers:
                    bases = {key: servers.enter_context(serve(found["http"][0])) for key, found in sites.items()}
                    context, blocked = servers.enter_context(isolated_browser())
                    servers.enter_context(busy_cpus(args.busy))
                    for mode in ("http", "file"):
                        runs: dict[int, list[dict]] = {v: [] for v in range(len(variants))}
                        for _ in range(args.repeat):
                            for v, (_, where, engine, init_script) in enumerate(variants):
                                site, rel = sites[where][mode]
                                url = bases[where] + rel if mode == "http" else (site / rel).as_uri()
                                if engine:
                                    install_engine(site, engine)
                                r = measure(context, url, args.rounds, init_script)
                                r["size"], r["files"] = index_size(site)
                                r["pages"] = index_pages(site)
                                runs[v].append(r)
                                print_row(v, kind, n, mode, r)
                        for v in runs:
                            middle = sorted(runs[v], key=lambda r: pct(r["api"], 0.95))[len(runs[v]) // 2]
                            rows.append((v, kind, n, mode, middle))
                        install_engine(sites[None][mode][0], ENGINE)
                    if blocked:
                        print(f"  non-local requests: {len(blocked)} {blocked[:5]}")
        for v, (label, *_) in enumerate(variants):
            print(f"\nvariant {v}: {label}")
        print(f"real sites: built by MkDocs from the {args.corpus} corpus")
        print(
            f"busy processes: {args.busy}; {len(QUERIES)} queries x {args.rounds} rounds, {args.repeat} repeat(s); "
            "times in ms (ready: after navigation start; query/box: median / p95 / max)"
        )
        print(
            f"{'var':3} {'site':9} {'cases':>5} {'mode':4} {'pages':>5} {'index MB':>8} {'B/page':>6} {'ready':>5} {'scripts':>7} "
            f"{'decode':>6} {'filter':>6} {'longest':>7} {'TBT':>5} {'first':>5} | {'djkbSearch limit 10':^21} | {'search box (50 shown)':^21} | {'heap MB':>7} {'arrays':>7}"
        )
        for v, kind, n, mode, r in rows:
            print(
                f"{v:3} {kind:9} {n:5} {mode:4} {r['pages']:5} {r['size'] / 1e6:8.2f} {r['size'] / r['pages']:6.0f} "
                f"{r['ready_ms']:5.0f} {r['loaded_ms']:7.0f} {r['decode_ms']:6.0f} {r['prefilter_ms']:6.0f} "
                f"{r['longest_task']:7.0f} {r['blocking_ms']:5.0f} {r['first_ms']:5.1f} | "
                f"{fmt3(r['api'])} | {fmt3(r['ui'])} | {r['heap_mb']:7.1f} {r['backing_mb']:7.1f}"
            )


def print_row(v, kind, n, mode, r) -> None:
    print(
        f"[variant {v}] {kind} {n} cases, {mode}: {r['pages']} pages, index {r['size'] / 1e6:.2f} MB in {r['files']} files | "
        f"ready {r['ready_ms']:.0f} ms (scripts run {r['loaded_ms']:.0f}, decode {r['decode_ms']:.0f} [{r['inflate']}], "
        f"prefilter {r['prefilter_ms']:.0f}; longest task {r['longest_task']:.0f}, blocking {r['blocking_ms']:.0f}) | "
        f"first query {r['first_ms']:.1f} ms ({r['first_hits']} results) | djkbSearch {fmt3(r['api'])} ms | box {fmt3(r['ui'])} ms | "
        f"heap {r['heap_mb']:.1f} MB (of which {r['backing_mb']:.1f} MB array buffers)",
        flush=True,
    )
    print("    slowest:", ", ".join(f"{q!r} {t:.1f} ms" for q, t in r["slowest"]), flush=True)
    if r["errors"]:
        print("    page errors:", r["errors"], flush=True)


if __name__ == "__main__":
    main()
