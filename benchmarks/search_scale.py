"""Search scale benchmark: synthetic corpora of 1,000 and 5,000 cases.

Prints, per size: index size on disk (and per page), index build time, time from navigation start to search
ready, query latency (median / p95 / max over a query mix, measured inside the page), and JS heap after
garbage collection — over http (127.0.0.1) and from file://, with every non-local request blocked.

    .venv/bin/python benchmarks/search_scale.py            # 1000 and 5000
    .venv/bin/python benchmarks/search_scale.py 2000       # other sizes

The synthetic pages (~1.5 KB of Chinese text each) are generated here, deterministically (seeded).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.search.browser import isolated_browser, serve  # noqa: E402
from djkb.search.indexer import SearchExpansion  # noqa: E402
from djkb.search.testsite import DemoPage, page_file, write_site  # noqa: E402

PLACES = ["**县", "**市", "**区", "**镇", "**街道", "**乡", "**村", "**社区"]
ORGS = ["村党组织", "社区党委", "机关党支部", "国企党委", "非公企业党支部", "学校党委", "流动党员党支部", "物业党支部"]
TOPICS = [
    "阵地建设", "三会一课", "主题党日", "党员积分管理", "红色物业", "软弱涣散整顿", "党费收缴", "网格化治理",
    "乡村振兴", "基层治理", "组织生活会", "民主评议党员", "发展党员", "党员教育", "志愿服务", "村级集体经济",
    "党群服务中心", "联系服务群众", "先锋示范岗", "党建引领", "新就业群体", "两新组织", "书记项目", "支部标准化",
]
VERBS = ["推进", "落实", "深化", "规范", "创新", "打造", "完善", "强化", "健全", "探索"]
NOUNS = [
    "工作机制", "服务体系", "活动阵地", "制度规范", "队伍建设", "考核办法", "议事规则", "台账资料", "服务清单",
    "责任清单", "问题清单", "活动场所", "远程教育设备", "党员档案", "组织关系", "学习计划", "帮扶措施",
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
        SearchExpansion("三会一课", ("三会一课制度",), ("支部党员大会", "支部委员会", "党小组会", "党课"), "glossary/shyk/"),
        SearchExpansion("软弱涣散", ("软弱涣散党组织",), (), "glossary/rrhs/"),
        SearchExpansion("两新组织", (), ("新经济组织", "新社会组织"), "glossary/lxzz/"),
    ]
    for i, term in enumerate(TOPICS):
        pages.append(DemoPage(f"glossary/t{i}/", term, f"<h1>{term}</h1><p>{paragraph(rng, 3)}</p>", [term]))
    for i in range(40):
        name = rng.choice(["党旗引航", "红色领航", "先锋", "初心", "连心", "同心"]) + rng.choice(["工程", "行动", "计划", "品牌"]) + str(i)
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


QUERIES = [
    "党", "费", "党费", "三会一课", "12371", "党建引领 乡村振兴", "红色物业", "不存在的词语组合", "shyk",
    "dangqiyinhang", "dj", "主题党日 2024年", "远程教育设备", "软弱涣散", "两新组织", "xyz", "100%", "组织生活会 规范",
    "党员积分管理工作机制", "社区党委推进网格化治理",
]

MEASURE_JS = """async (queries) => {
  await djkbSearch('预热');
  const e = djkbSearch.engine;
  const times = [];
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const t = performance.now();
      const r = e.search(q, 10);
      times.push(performance.now() - t);
    }
  }
  const perQuery = {};
  for (const q of queries) {
    const t = performance.now();
    const r = await djkbSearch(q, {limit: 10});
    perQuery[q] = [performance.now() - t, r.length];
  }
  return {times, perQuery};
}"""


def measure(context, url: str) -> dict:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.djkbSearch && djkbSearch.engine.stats().ready", timeout=60_000)
    wall = time.perf_counter() - t0
    stats = page.evaluate("djkbSearch.engine.stats()")
    m = page.evaluate(MEASURE_JS, QUERIES)
    cdp = context.new_cdp_session(page)
    cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")
    page.close()
    times = sorted(m["times"])
    return {
        "ready_ms": stats["readyAt"],
        "wall_s": wall,
        "median_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "max_ms": times[-1],
        "heap_mb": heap["usedSize"] / 1e6,
        "heap_total_mb": heap["totalSize"] / 1e6,
        "slowest": sorted(m["perQuery"].items(), key=lambda kv: -kv[1][0])[:3],
        "errors": errors,
    }


def run(n: int) -> None:
    pages, expansions = synthetic_pages(n)
    with tempfile.TemporaryDirectory(prefix=f"djkb-search-scale-{n}-") as tmp:
        site = Path(tmp)
        t = time.perf_counter()
        builder = write_site(site, pages, expansions)
        build_s = time.perf_counter() - t
        index_files = [p for p in (site / "assets/djkb/search").iterdir() if not p.name.startswith("djkb-search.")]
        index_bytes = sum(p.stat().st_size for p in index_files)
        text_bytes = sum(len(p.html.encode()) for p in pages)
        print(f"\n== {n} cases ({len(builder)} pages; content HTML {text_bytes / 1e6:.1f} MB) ==")
        print(f"index: {index_bytes / 1e6:.2f} MB in {len(index_files)} files "
              f"({index_bytes / len(builder):.0f} B/page); write_site incl. pages {build_s:.1f} s")
        target = page_file(pages[-1].location)
        with serve(site) as base, isolated_browser() as (context, blocked):
            for label, url in (("http", base + target), ("file", (site / target).as_uri())):
                r = measure(context, url)
                print(f"{label:5} ready {r['ready_ms']:.0f} ms after navigation start | query median "
                      f"{r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms | heap "
                      f"{r['heap_mb']:.1f} MB used ({r['heap_total_mb']:.1f} MB total)")
                print("      slowest:", ", ".join(f"{q!r} {v[0]:.1f} ms ({v[1]} hits)" for q, v in r["slowest"]))
                if r["errors"]:
                    print("      page errors:", r["errors"])
            print(f"non-local requests: {len(blocked)}", blocked[:5])


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000]
    for size in sizes:
        run(size)
