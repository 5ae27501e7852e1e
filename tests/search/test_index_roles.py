"""What the index says about each page besides its text: type label and tier, headings, mentions of other
records, and the word list queries are split with."""

from djkb.search.indexer import SearchIndexBuilder, page_role, read_index, split_mentions
from djkb.search.words import SITE_FREQ, corpus_words


def test_page_roles_for_both_url_styles():
    assert page_role("cases/x/") == page_role("cases/x.html") == ("案例", 0)
    assert page_role("standards/jiuyou/") == ("标准", 0)
    assert page_role("checklists/jiuyou.html") == ("自查表", 0)
    assert page_role("glossary/shyk/") == ("术语", 0)
    assert page_role("brands/a/") == ("品牌", 0) and page_role("sources/s/") == ("来源", 0)
    assert page_role("") == page_role("index.html") == ("首页", 2)
    assert page_role("guide/") == page_role("guide.html") == ("使用说明", 2)
    assert page_role("cases/") == page_role("cases/index.html") == ("案例列表", 1)
    assert page_role("coverage/") == ("", 1)


def test_list_items_that_are_one_link_are_mentions_moved_after_the_own_text():
    html = (
        "<h1>三会一课</h1><p>定期召开支部党员大会。</p><h2>相关术语</h2>"
        '<ul><li><a href="../zzshh/">组织生活会</a></li><li><a href="../ztdr/">主题党日</a></li>'
        '<li><a href="../x/">链接</a>之后还有正文</li></ul><p>结尾</p>'
    )
    text = "三会一课\n定期召开支部党员大会。\n相关术语\n组织生活会\n主题党日\n链接之后还有正文\n结尾"
    moved, own = split_mentions(html, text)
    assert moved == "三会一课\n定期召开支部党员大会。\n相关术语\n链接之后还有正文\n结尾\n组织生活会\n主题党日"
    assert moved[:own] == "三会一课\n定期召开支部党员大会。\n相关术语\n链接之后还有正文\n结尾"
    assert split_mentions("<p>无链接</p>", "无链接") == ("无链接", 3)


def test_rows_carry_headings_and_own_text_length(tmp_path):
    builder = SearchIndexBuilder()
    builder.add_page(
        "glossary/shyk/",
        "三会一课",
        '<h1>三会一课</h1><h2 id="a">解释 <a class="headerlink">¶</a></h2>'
        '<p>支部党员大会</p><ul><li><a href="../b/">主题党日</a></li></ul>',
        ["三会一课"],
    )
    builder.write(tmp_path)
    _, rows, lexicon = read_index(tmp_path)
    (row,) = rows
    assert row[4:6] == ["术语", 0]
    assert row[6] == ["解释"]  # the permalink marker is decoration
    assert row[3][row[7] :] == "\n主题党日"
    words = dict(lexicon["words"])
    assert words["三会一课"] == SITE_FREQ and "党员" in words and "主题" in words


def test_corpus_words_are_dictionary_words_the_text_holds():
    found = corpus_words(["村级阵地达标升级，党员积分评星。", "abc 12371"])
    assert {"村级", "阵地", "达标", "升级", "党员", "积分"} <= set(found)
    assert all(0 < f < SITE_FREQ for f in found.values())
    assert "党建" not in found


def test_corpus_words_kept_between_builds_are_the_same_and_scan_only_changed_texts(monkeypatch):
    from djkb.build.serve_cache import Generational
    from djkb.search import words

    texts = ["村级阵地达标升级，党员积分评星。", "支部书记带头，党员积分评星。", "abc 12371"]
    memo = Generational()
    assert words.corpus_words(texts, memo) == words.corpus_words(texts)
    scanned: list[set[str]] = []
    original = words._words_in
    monkeypatch.setattr(words, "_words_in", lambda runs, d: scanned.append(runs) or original(runs, d))
    edited = [*texts[:2], "网格员走访群众"]
    assert words.corpus_words(edited, memo) == words.corpus_words(edited)
    assert scanned[0] == {"网格员走访群众"} and len(scanned) == 2  # the edited text, then the whole list unkept


def test_corpus_words_counted_across_builds_match_a_fresh_count_as_texts_come_go_and_repeat():
    import random

    from djkb.build.serve_cache import Generational
    from djkb.search import words

    pool = ["村级阵地达标升级", "党员积分评星", "支部书记带头", "网格员走访群众", "三会一课", "党员积分评星", "abc"]
    rng = random.Random(7)
    memo = Generational()
    for _ in range(40):
        texts = rng.choices(pool, k=rng.randint(0, 6))  # repeats, removals and empty lists included
        assert words.corpus_words(texts, memo) == words.corpus_words(texts)
        if rng.random() < 0.3:
            memo.end_build()


def test_own_text_length_counts_as_javascript_does():
    assert split_mentions("<p>𠀀支</p>", "𠀀支") == ("𠀀支", 3)
