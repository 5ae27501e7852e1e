/*
 * 党建品牌知识库 — site search (engine + search box).
 *
 * The index is a set of classic scripts next to this file (manifest.js, lexicon.*.js, shard-*.js) that call
 * window.djkbSearchRegister(...); they are loaded through <script> tags, so search works over http and from
 * file:// alike, with no fetch and no request to any other host.
 *
 * A query is split into words: at the spaces typed, and runs typed without spaces as a reader would split
 * them (the site's word list, then Intl.Segmenter, then a fallback; see "Splitting a query into words"). A
 * page matches when every word occurs in its normalised text (NFKC, lower case, whitespace removed except
 * between two non-CJK characters; see djkb/search/text.py), or an expansion of the word does (glossary
 * aliases / all components, pinyin of names); when no page holds every word, pages holding most of them are
 * given as partial matches. Scripts use window.djkbSearch(query, {limit}) ->
 * Promise<[{location, title, label, match}]>, the array's `match` being "full" or "partial".
 *
 * Speed at thousands of pages: the index files are decoded one by one as they arrive, so the search is
 * ready as soon as the last one is in. After loading, a bigram prefilter (hashed bitsets over pages, built in short
 * slices while the page is idle) narrows every query to the pages that can contain all its strings; only
 * those are scanned. Ranking keeps the best `limit` pages without sorting every match, and snippets are
 * built only for results that are shown. None of this changes which pages match or their order.
 */
(function () {
  "use strict";

  if (typeof window.djkbSearch === "function" && window.djkbSearch.engine) {
    // Loaded a second time (e.g. instant navigation re-ran the script): only re-mount the search box.
    window.djkbSearch.engine.mount();
    return;
  }

  // ---------------------------------------------------------------------------------------------------
  // Locations
  // ---------------------------------------------------------------------------------------------------
  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src*="djkb-search."]');
    script = candidates[candidates.length - 1];
  }
  var scriptUrl = script && script.src ? script.src : window.location.href;
  var baseUrl = new URL(".", scriptUrl).href; // …/assets/djkb/search/
  var rootUrl = new URL("../../../", baseUrl).href; // site root

  // ---------------------------------------------------------------------------------------------------
  // Text normalisation (must agree with djkb/search/text.py)
  // ---------------------------------------------------------------------------------------------------
  function isCjk(ch) {
    return ch.charCodeAt(0) >= 0x2e80;
  }

  // NFKC, except full-width punctuation (，：（） …), which page text keeps as written.
  var NFKC_RUN = /[^\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]+/g;
  function nfkc(text) {
    return text.replace(NFKC_RUN, function (run) {
      return run.normalize("NFKC");
    });
  }

  // Fold one query word (no whitespace inside): NFKC + lower case.
  function foldWord(word) {
    return nfkc(word).toLowerCase();
  }

  // Split a query into folded words; whitespace inside the NFKC form separates words.
  function queryWords(query) {
    var parts = nfkc(String(query || "")).split(/\s+/);
    var words = [];
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      var w = foldWord(parts[i]);
      if (w && words.indexOf(w) < 0) words.push(w);
    }
    return words;
  }

  // ---------------------------------------------------------------------------------------------------
  // Index loading
  // ---------------------------------------------------------------------------------------------------
  // Shards and lexicon arrive as base64 of raw DEFLATE of their JSON (djkb/search/indexer.py, format 2 on) and
  // are decoded as they arrive (see decode): natively with DecompressionStream("deflate-raw") where the browser
  // has it, otherwise with fflate (vendored next to this file, loaded only then). The manifest gives each
  // file's inflated size, checked before use.
  var FORMAT_VERSION = 4; // djkb/search/indexer.py FORMAT_VERSION
  var INFLATE_SCRIPT = "fflate-0.8.3.min.js"; // the site build writes the file's hashed name here
  var MANIFEST_SCRIPT = "manifest.js"; // and the name of this build's index manifest here
  // Tests and benchmarks: window.djkbSearchOptions = {inflate: "script"} uses the vendored inflate even where
  // the native one exists.
  var options = window.djkbSearchOptions || {};
  var state = {
    started: false,
    manifest: null,
    arrived: [], // shard number -> its script has called djkbSearchRegister
    shards: [],
    lexiconArrived: false,
    pending: -1,
    ready: false,
    error: null,
    waiters: [],
    pages: [],
    expansions: new Map(), // folded term/alias -> [[term, aliases, components, location]]
    dict: null, // Map: word -> log probability, for splitting queries (djkb/search/words.py)
    dictMaxLen: 1,
    siteWords: null, // Set: words of the site's own vocabulary (record names, aliases, glossary terms)
    logTotal: 0,
    pinyin: [], // [name, "syl syl …", ends or 0] (djkb/search/indexer.py)
    readings: [], // reading number -> pinyinReading(number), made when first needed
    pinyinByPrefix: null, // {full: Map(two letters -> [reading number]), initials: Map(…)}
    tieRank: null, // Int32Array: page index -> position by (title length, location), the ranking tie-break
    scores: null, // Float64Array: score of each page in the current query (scratch)
    filter: null, // bigram prefilter, see buildPrefilterSlice
    inflater: null, // Promise of function(bytes, size) -> Uint8Array or Promise of it
    inflateMethod: "",
    decoding: 0, // index files being decoded
    decodeSince: 0,
    decodeMs: 0, // time during which index files were being decoded (base64, inflate, UTF-8, JSON, pages)
    loadStart: 0,
    indexLoadedAt: 0, // every index script has run
    readyAt: 0,
    filterReadyAt: 0,
  };

  function fail(message) {
    if (state.error || state.ready) return;
    state.error = message;
    var waiters = state.waiters;
    state.waiters = [];
    for (var i = 0; i < waiters.length; i++) waiters[i][1](new Error(message));
    updateAllUi();
  }

  var DAMAGED = "。请重新生成网站；离线包请重新下载并完整解压后再打开。";

  function fileName(url) {
    return url.slice(url.lastIndexOf("/") + 1);
  }

  // `check` runs after the script has run: false means it did not register what it should have.
  function loadScript(url, check, onload) {
    var el = document.createElement("script");
    el.src = url;
    el.async = true;
    el.charset = "utf-8";
    el.onerror = function () {
      fail("搜索索引加载失败：" + url);
    };
    el.onload = function () {
      if (check && !check()) fail("搜索索引文件已损坏：" + fileName(url) + DAMAGED);
      else if (onload) onload();
    };
    (document.head || document.documentElement).appendChild(el);
  }

  function register(kind, a, b) {
    if (state.error || state.ready) return;
    if (kind === "manifest") {
      if (state.manifest) return;
      if (!a || a.version !== FORMAT_VERSION) {
        // An old engine or index left in a browser cache or a partly copied folder.
        fail("搜索索引与搜索程序的版本不一致（索引 " + (a && a.version) + "，程序 " + FORMAT_VERSION + "）。请强制刷新页面（Ctrl+F5）；离线包请重新下载并完整解压后再打开。");
        return;
      }
      state.manifest = a;
      state.shards = new Array(a.shards.length);
      state.pending = a.shards.length + 1;
      // The lexicon first: the largest file, needed by every query.
      loadScript(baseUrl + a.lexicon, function () {
        return state.lexiconArrived || !!state.error;
      });
      a.shards.forEach(function (name, n) {
        loadScript(baseUrl + name, function () {
          return state.arrived[n] || !!state.error;
        });
      });
      // The word segmenter takes ~20 ms to make (ICU data): made while the index loads, not in the first query.
      setTimeout(wordSegmenter, 0);
    } else if (kind === "shard") {
      if (!state.manifest || state.arrived[a] || !(a >= 0 && a < state.shards.length)) return;
      state.arrived[a] = true;
      arrived();
      decode(state.manifest.shards[a], b, state.manifest.sizes[a], "shard", function (pages) {
        state.shards[a] = withText(pages);
      });
    } else if (kind === "lexicon") {
      if (!state.manifest || state.lexiconArrived) return;
      state.lexiconArrived = true;
      arrived();
      decode(state.manifest.lexicon, a, state.manifest.lexiconSize, "lexicon", useLexicon);
    }
  }

  function arrived() {
    for (var i = 0; i < state.shards.length; i++) if (!state.arrived[i]) return;
    if (state.lexiconArrived) state.indexLoadedAt = performance.now();
  }

  function isShard(rows) {
    if (!Array.isArray(rows)) return false;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string" || !Array.isArray(row[2]) || typeof row[3] !== "string") return false;
      if (typeof row[4] !== "string" || typeof row[5] !== "number" || !Array.isArray(row[6]) || typeof row[7] !== "number") return false;
    }
    return true;
  }

  function isLexicon(lex) {
    return !!lex && Array.isArray(lex.expansions) && Array.isArray(lex.pinyin) && Array.isArray(lex.words) && lex.total > 0;
  }

  // Each index file is decoded as soon as its script has run, while the others are still arriving: base64,
  // inflate, text, JSON and the search form of its pages (a few ms for a 0.5 MB shard), so that nothing but
  // the last file is left to do once it is in. (Measured: a worker doing this off the page's thread made the
  // search ready later on a busy 2-core machine, the worker falling behind the arriving files;
  // benchmarks/README.md.)
  function decode(name, packed, size, kind, done) {
    var job = { name: name, packed: packed, size: size, kind: kind, done: done };
    decodeBusy(1);
    if (typeof packed !== "string" || typeof size !== "number") damaged(job);
    else decodeHere(job);
  }

  function decodeHere(job) {
    Promise.resolve()
      .then(function () {
        var bytes = base64Bytes(job.packed);
        return inflater().then(function (inflate) {
          return inflate(bytes, job.size);
        });
      })
      .then(function (out) {
        decoded(job, indexFileValue(out, job.size, job.kind));
      })
      .catch(function () {
        damaged(job);
      });
  }

  function decoded(job, value) {
    if (state.error) return;
    job.done(value);
    decodeBusy(-1);
    state.pending -= 1;
    if (state.pending === 0) finishLoading();
  }

  function damaged(job) {
    fail("搜索索引文件已损坏，无法解压：" + job.name + DAMAGED);
  }

  // The data of an inflated index file: shard -> its pages (shardPages), lexicon -> the lexicon. Throws when
  // the bytes are not what the manifest announced.
  function indexFileValue(out, size, kind) {
    if (out.length !== size) throw new Error("size");
    // Shards are UTF-16LE (a near copy into a string), the lexicon UTF-8 (djkb/search/indexer.py). Not `fatal`:
    // Chromium decodes about twice as fast without it. Bytes that do not decode become U+FFFD, which the index
    // never holds as such (escaped in its JSON).
    var json = new TextDecoder(kind === "shard" ? "utf-16le" : "utf-8").decode(out);
    if (json.indexOf("\ufffd") >= 0) throw new Error("utf-8");
    var value = JSON.parse(json);
    if (kind === "shard") {
      if (!isShard(value)) throw new Error("content");
      return shardPages(value);
    }
    if (!isLexicon(value)) throw new Error("content");
    return lexiconTables(value);
  }

  // decodeMs: wall-clock time during which at least one index file was being decoded.
  function decodeBusy(change) {
    if (!state.decoding) state.decodeSince = performance.now();
    state.decoding += change;
    if (!state.decoding) state.decodeMs += performance.now() - state.decodeSince;
  }

  function base64Bytes(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // Straight into the stream (a Blob would first be copied to the browser process and back), read into one
  // buffer of the size the manifest gives.
  function nativeInflate(bytes, size) {
    var stream = new DecompressionStream("deflate-raw");
    var writer = stream.writable.getWriter();
    writer.write(bytes).catch(function () {}); // a damaged file rejects the read below as well
    writer.close().catch(function () {});
    var reader = stream.readable.getReader();
    var out = new Uint8Array(size);
    var at = 0;
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return at === size ? out : out.subarray(0, at);
        if (at + chunk.value.length > size) throw new Error("size");
        out.set(chunk.value, at);
        at += chunk.value.length;
        return next();
      });
    }
    return next();
  }

  function hasNativeInflate() {
    try {
      new DecompressionStream("deflate-raw"); // older versions know only "gzip" and "deflate"
      return typeof Blob.prototype.stream === "function" && typeof Response === "function";
    } catch (e) {
      return false;
    }
  }

  function inflater() {
    if (!state.inflater) {
      if (options.inflate !== "script" && hasNativeInflate()) {
        state.inflateMethod = "native";
        state.inflater = Promise.resolve(nativeInflate);
      } else {
        state.inflateMethod = "script";
        state.inflater = new Promise(function (resolve) {
          loadScript(
            baseUrl + INFLATE_SCRIPT,
            function () {
              return !!(window.fflate && window.fflate.inflateSync) || !!state.error;
            },
            function () {
              resolve(function (bytes, size) {
                return window.fflate.inflateSync(bytes, { out: new Uint8Array(size) });
              });
            }
          );
        });
      }
    }
    return state.inflater;
  }

  function start() {
    if (state.started) return;
    state.started = true;
    state.loadStart = performance.now();
    window.djkbSearchRegister = register;
    loadScript(baseUrl + MANIFEST_SCRIPT, function () {
      return !!state.manifest || !!state.error;
    });
  }

  // Search pages of one shard's rows (as the shard is decoded, not all at the end). `text` is null when it
  // equals its lower-case form (most Chinese pages): withText then takes it from the end of `hay` instead of
  // keeping a second copy (and, slicing it, makes `hay` one flat string now rather than in the first query).
  function shardPages(rows) {
    var pages = new Array(rows.length);
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r];
      var titleL = row[1].toLowerCase();
      var namesL = [];
      for (var n = 0; n < row[2].length; n++) namesL.push(row[2][n].toLowerCase());
      var head = titleL + "\n" + (namesL.length ? namesL.join("\n") + "\n" : "");
      var textL = row[3].toLowerCase();
      pages[r] = {
        location: row[0],
        title: row[1],
        titleL: titleL,
        namesL: namesL,
        text: textL === row[3] ? null : row[3],
        hay: head + textL,
        bodyStart: head.length,
        label: row[4],
        tier: row[5],
        headL: row[6].join("\n").toLowerCase(),
        ownEnd: head.length + row[7], // hay from here on: mentions of other records
      };
    }
    return pages;
  }

  function withText(pages) {
    for (var i = 0; i < pages.length; i++) if (pages[i].text === null) pages[i].text = pages[i].hay.slice(pages[i].bodyStart);
    return pages;
  }

  // The lexicon as lookups: the word list (word -> log probability), the site's own words, pinyin readings
  // grouped by their first letters (Map and Set: unlike plain objects, no inherited keys such as
  // "constructor").
  function lexiconTables(lex) {
    var SITE_FREQ = 1000000; // djkb/search/words.py SITE_FREQ: the site's own vocabulary
    var dict = new Map();
    var siteWords = new Set();
    var logTotal = Math.log(lex.total);
    var maxLen = 1;
    for (var d = 0; d < lex.words.length; d++) {
      var word = lex.words[d][0];
      dict.set(word, Math.log(lex.words[d][1]) - logTotal);
      if (lex.words[d][1] >= SITE_FREQ) siteWords.add(word);
      if (word.length > maxLen) maxLen = word.length;
    }
    // Pinyin readings ([name, "syl syl …", ends]) by the first two letters of their full pinyin and of their
    // initials: an ASCII query word (at least two letters) can only expand through readings in its two
    // buckets. Only those readings are ever taken apart (pinyinReading), when such a word is typed.
    var byFull = new Map();
    var byInitials = new Map();
    for (var p = 0; p < lex.pinyin.length; p++) {
      var text = lex.pinyin[p][1];
      var space = text.indexOf(" ");
      var first = space < 0 ? text : text.slice(0, space);
      var f = first.length >= 2 || space < 0 ? first.slice(0, 2) : first + text.charAt(space + 1);
      var n = space < 0 ? text.charAt(0) : text.charAt(0) + text.charAt(space + 1);
      if (!byFull.has(f)) byFull.set(f, []);
      byFull.get(f).push(p);
      if (!byInitials.has(n)) byInitials.set(n, []);
      byInitials.get(n).push(p);
    }
    return {
      expansions: lex.expansions,
      dict: dict,
      dictMaxLen: maxLen,
      logTotal: logTotal,
      siteWords: siteWords,
      pinyin: lex.pinyin,
      pinyinByPrefix: { full: byFull, initials: byInitials },
    };
  }

  function useLexicon(tables) {
    var expansions = new Map();
    for (var e = 0; e < tables.expansions.length; e++) {
      var exp = tables.expansions[e];
      var keys = [exp[0]].concat(exp[1]);
      for (var k = 0; k < keys.length; k++) {
        var key = foldWord(keys[k]);
        if (!expansions.has(key)) expansions.set(key, []);
        expansions.get(key).push(exp);
      }
    }
    state.expansions = expansions;
    state.dict = tables.dict;
    state.dictMaxLen = tables.dictMaxLen;
    state.logTotal = tables.logTotal;
    state.siteWords = tables.siteWords;
    state.pinyin = tables.pinyin;
    state.readings = [];
    state.pinyinByPrefix = tables.pinyinByPrefix;
  }

  // Reading number `i` taken apart: {name, full, bounds: [length of full after syllable k], initials, ends}.
  function pinyinReading(i) {
    var r = state.readings[i];
    if (r) return r;
    var entry = state.pinyin[i];
    var syl = entry[1].split(" ");
    var bounds = [];
    var full = "";
    var initials = "";
    for (var y = 0; y < syl.length; y++) {
      full += syl[y];
      initials += syl[y].charAt(0);
      bounds.push(full.length);
    }
    var ends = entry[2];
    if (!ends) {
      ends = [];
      for (var z = 1; z <= syl.length; z++) ends.push(z);
    }
    r = state.readings[i] = { name: entry[0], full: full, bounds: bounds, initials: initials, ends: ends };
    return r;
  }

  function finishLoading() {
    var pages = [];
    for (var s = 0; s < state.shards.length; s++) pages.push.apply(pages, state.shards[s]);
    state.shards = null; // pages are referenced by state.pages only
    if (pages.length !== state.manifest.pages) {
      fail("搜索索引不完整：应有 " + state.manifest.pages + " 个页面，读到 " + pages.length + " 个" + DAMAGED);
      return;
    }
    state.pages = pages;
    state.tieRank = tieRanks(pages);
    state.scores = new Float64Array(pages.length);
    state.filter = newPrefilter(pages.length);
    state.ready = true;
    state.readyAt = performance.now();
    var waiters = state.waiters;
    state.waiters = [];
    for (var w = 0; w < waiters.length; w++) waiters[w][0]();
    updateAllUi();
    setTimeout(buildPrefilterSlice, 0);
  }

  // Position of each page in the order (title length, location): the tie-break of the ranking, as an int.
  function tieRanks(pages) {
    var order = new Array(pages.length);
    for (var i = 0; i < pages.length; i++) order[i] = i;
    order.sort(function (a, b) {
      var x = pages[a];
      var y = pages[b];
      return x.title.length - y.title.length || (x.location < y.location ? -1 : x.location > y.location ? 1 : 0);
    });
    var rank = new Int32Array(pages.length);
    for (var r = 0; r < order.length; r++) rank[order[r]] = r;
    return rank;
  }

  // ---------------------------------------------------------------------------------------------------
  // Bigram prefilter
  // ---------------------------------------------------------------------------------------------------
  // For each hash bucket of character pairs (and, in a smaller table, of single characters) a bitset over
  // pages says which pages contain a pair/character of that bucket. A page containing a string contains all
  // its pairs, so AND-ing the rows of a string's pairs never drops such a page; hash collisions only add
  // candidates, which the exact substring test then rejects. Block separators ("\n") are not indexed:
  // no query string contains one (strings that do are not filtered).
  var PAIR_BITS = 14; // 16,384 pair buckets
  var CHAR_BITS = 12; // 4,096 single-character buckets
  var SLICE_MS = 8;

  function newPrefilter(pageCount) {
    var words = (pageCount + 31) >>> 5;
    return {
      words: words,
      pairs: new Uint32Array((1 << PAIR_BITS) * words),
      chars: new Uint32Array((1 << CHAR_BITS) * words),
      built: 0, // pages [0, built) are indexed; later pages are always candidates
      manual: false, // true: not built in idle time (tests build it step by step)
    };
  }

  function pairBucket(a, b) {
    var h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return (h ^ (h >>> 13)) >>> (32 - PAIR_BITS);
  }

  function charBucket(a) {
    var h = Math.imul(a, 0x9e3779b1);
    return (h ^ (h >>> 16)) >>> (32 - CHAR_BITS);
  }

  function indexPage(filter, p, hay) {
    var words = filter.words;
    var pairs = filter.pairs;
    var chars = filter.chars;
    var word = p >>> 5;
    var bit = 1 << (p & 31);
    var prev = -1;
    for (var i = 0; i < hay.length; i++) {
      var c = hay.charCodeAt(i);
      if (c === 10) {
        prev = -1;
        continue;
      }
      chars[charBucket(c) * words + word] |= bit;
      if (prev >= 0) pairs[pairBucket(prev, c) * words + word] |= bit;
      prev = c;
    }
  }

  // Index pages for at most SLICE_MS, then yield to the page (typing, rendering) and continue.
  function buildPrefilterSlice() {
    var filter = state.filter;
    if (!filter || filter.manual) return;
    var pages = state.pages;
    var t0 = performance.now();
    while (filter.built < pages.length) {
      indexPage(filter, filter.built, pages[filter.built].hay);
      filter.built += 1;
      if ((filter.built & 15) === 0 && performance.now() - t0 > SLICE_MS) break;
    }
    if (filter.built < pages.length) setTimeout(buildPrefilterSlice, 0);
    else state.filterReadyAt = performance.now();
  }

  // Pages that may contain `needle`: a fresh bitset, or null when the filter cannot tell (all pages).
  function needleBits(filter, needle) {
    if (!needle || needle.indexOf("\n") >= 0) return null;
    var words = filter.words;
    var out = new Uint32Array(words);
    if (needle.length === 1) {
      var row = charBucket(needle.charCodeAt(0)) * words;
      for (var w = 0; w < words; w++) out[w] = filter.chars[row + w];
      return out;
    }
    var first = pairBucket(needle.charCodeAt(0), needle.charCodeAt(1)) * words;
    var any = 0;
    for (var w0 = 0; w0 < words; w0++) any |= out[w0] = filter.pairs[first + w0];
    for (var i = 2; i < needle.length && any; i++) {
      var r = pairBucket(needle.charCodeAt(i - 1), needle.charCodeAt(i)) * words;
      any = 0;
      for (var w1 = 0; w1 < words; w1++) any |= out[w1] &= filter.pairs[r + w1];
    }
    return out;
  }

  // Candidate pages for parsed query groups: a bitset (page p is bit p & 31 of word p >>> 5), or null for
  // "every page". A page is a candidate when, for every group, some alternative has all its strings
  // possibly present. Each alternative also gets `bits` (its own candidates among the first `bitsBuilt`
  // pages, or null), so that a page is not scanned for an alternative it cannot contain.
  function candidateBits(groups, any) {
    // any: a page is a candidate when it may hold at least one group (partial matches).
    var filter = state.filter;
    if (!filter || !filter.built) return null;
    var words = filter.words;
    var result = null;
    for (var g = 0; g < groups.length; g++) {
      var alts = groups[g].alts;
      var groupBits = new Uint32Array(words);
      var everything = false;
      for (var a = 0; a < alts.length; a++) {
        var altBits = null;
        for (var s = 0; s < alts[a].length; s++) {
          var bits = needleBits(filter, alts[a][s]);
          if (!bits) continue;
          if (!altBits) altBits = bits;
          else for (var w = 0; w < words; w++) altBits[w] &= bits[w];
        }
        alts[a].bits = altBits;
        alts[a].bitsBuilt = filter.built;
        if (!altBits) everything = true;
        else for (var w2 = 0; w2 < words; w2++) groupBits[w2] |= altBits[w2];
      }
      if (everything) {
        if (any) return null;
        continue;
      }
      if (!result) result = groupBits;
      else if (any) for (var w4 = 0; w4 < words; w4++) result[w4] |= groupBits[w4];
      else for (var w3 = 0; w3 < words; w3++) result[w3] &= groupBits[w3];
    }
    if (!result) return null;
    // Pages not indexed yet are always candidates.
    for (var p = filter.built; p < state.pages.length; ) {
      if ((p & 31) === 0 && p + 32 <= state.pages.length) {
        result[p >>> 5] = 0xffffffff;
        p += 32;
      } else {
        result[p >>> 5] |= 1 << (p & 31);
        p += 1;
      }
    }
    return result;
  }

  function whenReady() {
    start();
    if (state.ready) return Promise.resolve();
    if (state.error) return Promise.reject(new Error(state.error));
    return new Promise(function (resolve, reject) {
      state.waiters.push([resolve, reject]);
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // Query expansion
  // ---------------------------------------------------------------------------------------------------
  var MAX_PINYIN_EXPANSIONS = 12;
  var ASCII_WORD = /^[a-z0-9]+$/;
  var HAS_LETTER = /[a-z]/;

  // Name prefixes whose pinyin (full or initials) equals the ASCII word, most common first.
  function pinyinExpansions(word) {
    if (word.length < 2 || !ASCII_WORD.test(word) || !HAS_LETTER.test(word)) return [];
    var counts = new Map();
    var order = [];
    var head = word.slice(0, 2);
    var byFull = (state.pinyinByPrefix.full.get(head) || []).map(pinyinReading);
    var byInitials = (state.pinyinByPrefix.initials.get(head) || []).map(pinyinReading);
    // A reading in both buckets is taken from the first one only.
    var list = byFull.concat(byInitials.filter(function (r) {
      return r.full.slice(0, 2) !== head;
    }));
    for (var i = 0; i < list.length; i++) {
      var r = list[i];
      var k = -1;
      if (r.full.length >= word.length && r.full.lastIndexOf(word, 0) === 0) {
        var b = r.bounds.indexOf(word.length);
        if (b >= 1) k = b;
      }
      if (k < 0 && word.length <= r.initials.length && r.initials.lastIndexOf(word, 0) === 0) k = word.length - 1;
      if (k < 1) continue;
      var prefix = r.name.slice(0, r.ends[k]).toLowerCase();
      if (!counts.has(prefix)) {
        counts.set(prefix, 0);
        order.push(prefix);
      }
      counts.set(prefix, counts.get(prefix) + 1);
    }
    order.sort(function (a, b) {
      return counts.get(b) - counts.get(a) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    });
    return order.slice(0, MAX_PINYIN_EXPANSIONS);
  }

  // An alternative is an array of strings with a ranking bonus: literal word 10, term or alias 5,
  // pinyin-expanded name 5, all components of a term 0.
  function alt(strings, bonus) {
    strings.bonus = bonus;
    return strings;
  }

  function glossaryAlternatives(word, out) {
    var exps = state.expansions.get(word);
    if (!exps) return;
    for (var i = 0; i < exps.length; i++) {
      var exp = exps[i];
      out.push(alt([foldWord(exp[0])], 5));
      for (var a = 0; a < exp[1].length; a++) out.push(alt([foldWord(exp[1][a])], 5));
      if (exp[2].length) {
        var comps = [];
        for (var c = 0; c < exp[2].length; c++) comps.push(foldWord(exp[2][c]));
        out.push(alt(comps, 0));
      }
    }
  }

  // A group: the page must contain every string of at least one alternative. alts[0] is the literal word.
  function makeGroup(literal, pinyinSource) {
    var alts = [alt(literal.slice(), 10)];
    if (literal.length === 1) glossaryAlternatives(literal[0], alts);
    var py = pinyinExpansions(pinyinSource);
    for (var i = 0; i < py.length; i++) {
      alts.push(alt([py[i]], 5));
      glossaryAlternatives(py[i], alts);
    }
    var seen = {};
    var unique = [];
    for (var j = 0; j < alts.length; j++) {
      var key = alts[j].join("\u0001");
      if (seen[key]) continue;
      seen[key] = true;
      unique.push(alts[j]);
    }
    return { word: literal.join(" "), alts: unique };
  }

  // ---------------------------------------------------------------------------------------------------
  // Splitting a query into words
  // ---------------------------------------------------------------------------------------------------
  // Spaces the user typed separate words. A run typed without spaces is split as a reader would: by the
  // site's word list (record names, aliases and glossary terms, kept whole, and the dictionary words its pages
  // hold; djkb/search/words.py) along jieba's maximum-probability route; stretches that list knows only as
  // single characters are then split by Intl.Segmenter where the browser has it (single characters it leaves
  // stay together: 述/职 -> 述职), else kept whole when short and cut into character pairs when long. Pages are
  // matched by substring, not by words stored at build time, so build and query cannot split text differently.
  var FUNCTION_CHARS = "的了和与及或在是对把被将从以于并之等也";
  var segmenter; // undefined: not looked up yet; null: the browser has none

  function wordSegmenter() {
    if (segmenter === undefined) {
      segmenter = null;
      try {
        if (typeof Intl !== "undefined" && typeof Intl.Segmenter === "function") {
          segmenter = new Intl.Segmenter("zh", { granularity: "word" });
        }
      } catch (e) {
        segmenter = null;
      }
    }
    return segmenter;
  }

  function isHan(ch) {
    var c = ch.charCodeAt(0);
    return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
  }

  // Maximum-probability route through `text` (jieba's rule, without its HMM): pieces that are words of the
  // list, runs of non-Chinese characters, or single characters.
  function routePieces(text, notWhole) {
    var n = text.length;
    var dict = state.dict || new Map();
    var maxLen = state.dictMaxLen;
    var unknown = -state.logTotal;
    var best = new Float64Array(n + 1);
    var next = new Int32Array(n);
    var runEnd = n; // end of the run of non-Chinese characters containing i
    for (var i = n - 1; i >= 0; i--) {
      var han = isHan(text.charAt(i));
      if (han) runEnd = i;
      else if (i + 1 < n && isHan(text.charAt(i + 1))) runEnd = i + 1;
      var end = han ? i + 1 : runEnd;
      var single = han ? dict.get(text.charAt(i)) : undefined;
      best[i] = (single !== undefined ? single : unknown) + best[end];
      next[i] = end;
      var stop = Math.min(n, i + maxLen);
      for (var j = i + 2; j <= stop; j++) {
        var lp = notWhole && i === 0 && j === n ? undefined : dict.get(text.slice(i, j));
        if (lp !== undefined && lp + best[j] >= best[i]) {
          best[i] = lp + best[j];
          next[i] = j;
        }
      }
    }
    var pieces = [];
    for (var k = 0; k < n; k = next[k]) pieces.push(text.slice(k, next[k]));
    return pieces;
  }

  // Words of a run of single characters the word list does not join.
  function splitUnknown(run) {
    var seg = wordSegmenter();
    var out = [];
    if (seg) {
      var cur = "";
      var it = seg.segment(run)[Symbol.iterator]();
      for (var step = it.next(); !step.done; step = it.next()) {
        var piece = step.value.segment;
        if (piece.length >= 2) {
          if (cur) out.push(cur);
          cur = "";
          out.push(piece);
        } else cur += piece;
      }
      if (cur) out.push(cur);
      return out;
    }
    if (run.length <= 4) return [run];
    for (var i = 0; i < run.length; i += 2) out.push(run.slice(i, i + 2));
    if (out[out.length - 1].length === 1) out[out.length - 2] += out.pop();
    return out;
  }

  // Words of one folded piece of a query typed without spaces.
  // `notWhole`: not the whole text as one word (the finer split tried when no page holds a long term).
  function splitRun(text, notWhole) {
    var pieces = routePieces(text, notWhole);
    var words = [];
    var singles = "";
    function flush() {
      if (singles) words.push.apply(words, singles.length === 1 ? [singles] : splitUnknown(singles));
      singles = "";
    }
    for (var i = 0; i < pieces.length; i++) {
      if (pieces[i].length === 1 && isHan(pieces[i])) singles += pieces[i];
      else {
        flush();
        words.push(pieces[i]);
      }
    }
    flush();
    // A lone particle (的, 和 …) is not required of a page; it still counts in the exact phrase.
    var kept = words.filter(function (w) {
      return !(w.length === 1 && FUNCTION_CHARS.indexOf(w) >= 0);
    });
    return kept.length ? kept : words;
  }

  // The words a query is looked up by: typed words, each split as above; duplicates removed.
  function splitQuery(query) {
    var typed = queryWords(query);
    var words = [];
    var inRun = {}; // words split out of a longer typed run
    for (var t = 0; t < typed.length; t++) {
      var parts = state.ready ? splitRun(typed[t]) : [typed[t]];
      for (var p = 0; p < parts.length; p++) {
        if (!parts[p] || words.indexOf(parts[p]) >= 0) continue;
        words.push(parts[p]);
        if (parts.length > 1) inRun[parts[p]] = true;
      }
    }
    return { typed: typed, words: words, inRun: inRun };
  }

  function parseQuery(query) {
    var split = splitQuery(query);
    var typed = split.typed;
    var groups = [];
    if (typed.length > 1) {
      var joined = typed.join("");
      var allLetters = true;
      for (var i = 0; i < typed.length; i++) if (!/^[a-z]+$/.test(typed[i])) allLetters = false;
      if (allLetters && pinyinExpansions(joined).length) {
        // "san hui yi ke": pinyin typed with spaces; the words themselves still match literally.
        groups.push(makeGroup(typed, joined));
        groups.phrase = "";
        return groups;
      }
    }
    for (var w = 0; w < split.words.length; w++) {
      var word = split.words[w];
      var group = makeGroup([word], word);
      if (split.inRun[word] && state.siteWords && state.siteWords.has(word) && word.length >= 5) {
        // A long term of the site inside a longer run (网格党支部 in 网格党支部设置) is also satisfied by its
        // own words (网格, 党支部) — ranked below the term as written. Typed words and four-character set
        // phrases (三会一课, 百日行动) stay whole.
        var finer = splitRun(word, true);
        if (finer.length > 1) group.alts.push(alt(finer, 0));
      }
      groups.push(group);
    }
    // The exact phrase: what was typed without spaces, when it was split into other words (or lost a particle).
    groups.phrase = typed.length === 1 && (groups.length > 1 || groups[0].word !== typed[0]) ? typed[0] : "";
    return groups;
  }

  // ---------------------------------------------------------------------------------------------------
  // Matching and ranking
  // ---------------------------------------------------------------------------------------------------
  // A page matches when it holds every word (each word: one of its alternatives). Rank, strongest first:
  // the exact phrase, the words close together in one paragraph, words in the title / record name /
  // headings, words in the text; a word found only in the page's mentions of other records (related terms,
  // sources) ranks below all of these, and the home page and the guide below records. When no page holds
  // every word, pages holding some of them are ranked by how many (partial matches).
  var MAX_COUNT = 8;
  var PHRASE_POINTS = 4000;
  var NEAR_POINTS = 2000; // most for words side by side, less the further apart within one paragraph
  var NEAR_SPAN = 120; // characters: words further apart do not count as close
  var HEADING_POINTS = 150;
  var MENTION_PENALTY = 5000; // below every page holding all the words in its own text
  var TIER_PENALTY = [0, 100, 30000]; // records, other pages, home page and guide
  var HELD_POINTS = 100000; // partial matches: per word held

  function allIn(hay, strings) {
    for (var i = 0; i < strings.length; i++) if (hay.indexOf(strings[i]) < 0) return false;
    return true;
  }

  function nameHas(page, strings, exact) {
    for (var n = 0; n < page.namesL.length; n++) {
      var name = page.namesL[n];
      if (exact) {
        if (strings.length === 1 && name === strings[0]) return true;
      } else if (allIn(name, strings)) return true;
    }
    return false;
  }

  // Points for where the strings are: exact title or name, in the title, in a name, in a heading.
  // `several`: the query has several words (one of them being a page's whole title is no reason to rank it first).
  function placePoints(page, alt, several) {
    var exactTitle = !several && alt.length === 1 && page.titleL === alt[0];
    var exact = exactTitle || (!several && alt.length === 1 && nameHas(page, alt, true));
    var inTitle = allIn(page.titleL, alt);
    var inName = !inTitle && nameHas(page, alt, false);
    var inHeading = !inTitle && !inName && page.headL && allIn(page.headL, alt);
    return (exactTitle ? 200 : 0) + (exact ? 1000 : 0) + (inTitle ? 300 : 0) + (inName ? 200 : 0) + (inHeading ? HEADING_POINTS : 0);
  }

  // Most points the page text can add to placePoints: occurrences (counted up to MAX_COUNT) and position.
  var MAX_TEXT_POINTS = (20 * Math.log(1 + MAX_COUNT)) / Math.LN2 + 5;

  // Score of an alternative that the page contains; `points` = placePoints(page, alt).
  function scoreAlt(page, alt, points) {
    var occ = 0;
    var first = page.hay.length;
    var own = 0; // occurrences in the page's own text (not its mentions of other records)
    for (var i = 0; i < alt.length; i++) {
      var hay = page.hay;
      var needle = alt[i];
      var pos = hay.indexOf(needle, page.bodyStart);
      if (pos >= 0 && pos < first) first = pos;
      var n = 0;
      while (pos >= 0 && n < MAX_COUNT) {
        n += 1;
        if (pos < page.ownEnd) own += 1;
        pos = hay.indexOf(needle, pos + needle.length);
      }
      occ += n;
    }
    occ = occ / alt.length;
    var score = points + 20 * Math.log(1 + occ) / Math.LN2;
    score += alt.bonus || 0;
    // Earlier first occurrence ranks slightly higher (at most 5 points).
    score += 5 / (1 + (first - page.bodyStart) / 200);
    if (!own && points < HEADING_POINTS) score -= MENTION_PENALTY;
    return score;
  }

  // Points for the words' arrangement in the page's own text: the exact phrase, or how close together the
  // words are in one block. `needles`: one string per word.
  function arrangementPoints(page, phrase, needles) {
    var hay = page.hay;
    if (phrase) {
      var at = hay.indexOf(phrase);
      if (at >= 0 && at < page.ownEnd) return PHRASE_POINTS;
    }
    if (needles.length < 2) return 0;
    var occ = [];
    var total = 0;
    for (var g = 0; g < needles.length; g++) {
      var needle = needles[g];
      total += needle.length;
      var pos = hay.indexOf(needle);
      for (var k = 0; pos >= 0 && pos < page.ownEnd && k < 64; k++) {
        occ.push([pos, g, pos + needle.length]);
        pos = hay.indexOf(needle, pos + 1);
      }
    }
    occ.sort(function (a, b) {
      return a[0] - b[0];
    });
    var count = new Int32Array(needles.length);
    var have = 0;
    var bestSpan = Infinity;
    var left = 0;
    var rightEnd = 0;
    for (var r = 0; r < occ.length; r++) {
      if (count[occ[r][1]]++ === 0) have += 1;
      while (have === needles.length) {
        rightEnd = 0;
        for (var q = left; q <= r; q++) if (occ[q][2] > rightEnd) rightEnd = occ[q][2];
        var span = rightEnd - occ[left][0];
        if (span < bestSpan && span <= NEAR_SPAN && hay.lastIndexOf("\n", rightEnd - 1) < occ[left][0]) bestSpan = span;
        if (--count[occ[left][1]] === 0) have -= 1;
        left += 1;
      }
    }
    if (bestSpan === Infinity) return 0;
    return (NEAR_POINTS * 0.5) * (1 + Math.min(1, total / bestSpan));
  }

  function longest(strings) {
    var out = strings[0];
    for (var i = 1; i < strings.length; i++) if (strings[i].length > out.length) out = strings[i];
    return out;
  }

  // Score of a page for the query, or -1 when it does not match (partial: when it holds no word).
  // `needles` (optional) receives the strings of the best alternative of each group held, for highlighting.
  function scorePage(page, groups, needles, partial) {
    var total = 0;
    var held = 0;
    var words = [];
    for (var g = 0; g < groups.length; g++) {
      var alts = groups[g].alts;
      var best = -Infinity;
      var bestAlt = null;
      for (var a = 0; a < alts.length; a++) {
        if (!allIn(page.hay, alts[a])) continue;
        var s = scoreAlt(page, alts[a], placePoints(page, alts[a], groups.length > 1));
        if (s > best) {
          best = s;
          bestAlt = alts[a];
        }
      }
      if (!bestAlt) {
        if (partial) continue;
        return -1;
      }
      held += 1;
      total += best;
      words.push(longest(bestAlt));
      if (needles) for (var i = 0; i < bestAlt.length; i++) needles.push(bestAlt[i]);
    }
    if (!held) return -1;
    if (partial) total += held * HELD_POINTS;
    if (held === groups.length) total += arrangementPoints(page, groups.phrase, words);
    return total - (TIER_PENALTY[page.tier] || 0);
  }

  // Matching pages in rank order: score (high first), then shorter title, then location. Returns the first
  // `limit` (all when limit <= 0) as {page, score, needles} and the number of matching pages. `partial`:
  // pages holding at least one word match, ranked first by how many they hold.
  function runQuery(groups, limit, partial) {
    var pages = state.pages;
    if (!groups.length) return { hits: [], total: 0 };
    var scores = state.scores;
    var rank = state.tieRank;
    function before(x, y) {
      return scores[x] > scores[y] || (scores[x] === scores[y] && rank[x] < rank[y]);
    }
    var keepAll = !(limit > 0);
    var top = []; // page indices, best first (all matches when keepAll)
    var total = 0;
    function consider(p) {
      var page = pages[p];
      var bound = 0;
      var held = 0;
      for (var g = 0; g < groups.length; g++) {
        var alts = groups[g].alts;
        var groupBound = -1;
        for (var a = 0; a < alts.length; a++) {
          var altBits = alts[a].bits;
          if (altBits && p < alts[a].bitsBuilt && !(altBits[p >>> 5] & (1 << (p & 31)))) continue;
          if (!allIn(page.hay, alts[a])) continue;
          groupBound = Math.max(groupBound, placePoints(page, alts[a], groups.length > 1) + (alts[a].bonus || 0) + MAX_TEXT_POINTS);
        }
        if (groupBound < 0) {
          if (partial) continue;
          return;
        }
        held += 1;
        bound += groupBound;
      }
      if (!held) return;
      total += 1;
      var arrangement = 0;
      if (held === groups.length) {
        arrangement = groups.length > 1 ? NEAR_POINTS : 0;
        if (groups.phrase) {
          // One look for the phrase keeps the bound tight: pages without it cannot gain PHRASE_POINTS.
          var at = page.hay.indexOf(groups.phrase);
          if (at >= 0 && at < page.ownEnd) arrangement = PHRASE_POINTS;
        }
      }
      bound += (partial ? held * HELD_POINTS : 0) + arrangement - (TIER_PENALTY[page.tier] || 0);
      // A page whose best possible score is below the last kept one cannot be among the first `limit`:
      // skip scoring it in detail (the margin covers rounding).
      if (!keepAll && top.length === limit && bound + 1e-6 < scores[top[limit - 1]]) return;
      scores[p] = scorePage(page, groups, null, partial);
      if (keepAll) {
        top.push(p);
        return;
      }
      if (top.length === limit && !before(p, top[limit - 1])) return;
      var lo = 0;
      var hi = top.length;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (before(top[mid], p)) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, p);
      if (top.length > limit) top.pop();
    }
    var bits = candidateBits(groups, partial);
    if (!bits) {
      for (var p = 0; p < pages.length; p++) consider(p);
    } else {
      for (var w = 0; w < bits.length; w++) {
        var x = bits[w];
        while (x) {
          var low = x & -x;
          consider((w << 5) + 31 - Math.clz32(low));
          x ^= low;
        }
      }
    }
    if (keepAll) {
      top.sort(function (x, y) {
        return scores[y] - scores[x] || rank[x] - rank[y];
      });
    }
    var hits = new Array(top.length);
    for (var i = 0; i < top.length; i++) {
      var needles = [];
      scorePage(pages[top[i]], groups, needles, partial);
      hits[i] = { page: pages[top[i]], score: scores[top[i]], needles: needles, partial: !!partial };
    }
    return { hits: hits, total: total };
  }

  // Split a word where CJK and non-CJK characters meet ("党费12371" -> "党费", "12371").
  function scriptSplit(word) {
    var parts = [];
    var cur = "";
    for (var i = 0; i < word.length; i++) {
      var ch = word.charAt(i);
      if (cur && isCjk(ch) !== isCjk(cur.charAt(cur.length - 1))) {
        parts.push(cur);
        cur = "";
      }
      cur += ch;
    }
    if (cur) parts.push(cur);
    return parts;
  }

  // Full search: pages holding every word; when there are none, pages holding some of them (`partial`),
  // most words first — for a single word, its parts (script runs, character pairs). `total` counts all
  // matching pages, `hits` holds the first `limit` of them (all when limit <= 0), `words` the query's words.
  function search(query, limit) {
    var groups = parseQuery(query);
    var found = runQuery(groups, limit);
    var partial = false;
    if (!found.total && groups.length && groups.phrase !== undefined) {
      // No page holds a term of the word list as written: its own words may still all be there
      // (规范化建设 -> 规范化 建设).
      var finer = [];
      for (var f = 0; f < groups.length; f++) {
        var word = groups[f].word;
        var parts0 = word.length >= 3 && state.siteWords.has(word) ? splitRun(word, true) : [word];
        for (var f2 = 0; f2 < parts0.length; f2++) if (finer.indexOf(parts0[f2]) < 0) finer.push(parts0[f2]);
      }
      if (finer.length > groups.length) {
        var finerGroups = [];
        for (var f3 = 0; f3 < finer.length; f3++) finerGroups.push(makeGroup([finer[f3]], finer[f3]));
        finerGroups.phrase = groups.phrase || (groups.length === 1 ? groups[0].word : "");
        groups = finerGroups;
        found = runQuery(groups, limit);
      }
    }
    var words = [];
    for (var g = 0; g < groups.length; g++) words.push(groups[g].word);
    if (!found.total && groups.length) {
      var partGroups = groups;
      if (groups.length === 1) {
        var parts = [];
        var pieces = scriptSplit(groups[0].word.replace(/ /g, ""));
        for (var p = 0; p < pieces.length; p++) {
          var piece = pieces[p];
          if (piece.length === 3 && isHan(piece.charAt(0))) parts.push(piece.slice(0, 2), piece.slice(1));
          else if (piece.length > 3 && isHan(piece.charAt(0))) {
            for (var c = 0; c < piece.length; c += 2) {
              if (piece.length - c === 3) {
                parts.push(piece.slice(c));
                break;
              }
              parts.push(piece.slice(c, c + 2));
            }
          } else parts.push(piece);
        }
        partGroups = [];
        for (var q = 0; q < parts.length; q++) if (parts[q] !== groups[0].word) partGroups.push(makeGroup([parts[q]], parts[q]));
        partGroups.phrase = "";
      }
      if (partGroups.length) {
        found = runQuery(partGroups, limit, true);
        partial = found.total > 0;
      }
    }
    return { hits: found.hits, total: found.total, partial: partial, words: words };
  }

  // Link to a result; `needles` (optional) are highlighted on the opened page (?h=…, as Material does).
  function hrefFor(location, needles) {
    var url = new URL(location, rootUrl);
    if (needles) {
      var seen = {};
      for (var i = 0; i < needles.length; i++) {
        if (!needles[i] || seen[needles[i]]) continue;
        seen[needles[i]] = true;
        url.searchParams.append("h", needles[i]);
      }
    }
    return url.href;
  }

  // Highlight the words a search result was found by (?h=…) in the opened page's content.
  var HIGHLIGHT_CLASS = "djkb-search-hl";
  function highlightPage() {
    var needles;
    try {
      needles = new URL(window.location.href).searchParams.getAll("h");
    } catch (e) {
      return;
    }
    var words = [];
    for (var i = 0; i < needles.length; i++) {
      var w = foldWord(needles[i]).replace(/\s+/g, " ").trim();
      if (w && words.indexOf(w) < 0) words.push(w);
    }
    if (!words.length) return;
    var root = document.querySelector(".md-content__inner") || document.querySelector("main") || document.body;
    if (!root || root.querySelector("mark." + HIGHLIGHT_CLASS)) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (!node.nodeValue.trim() || !parent || /^(SCRIPT|STYLE|MARK|TEXTAREA|BUTTON)$/.test(parent.nodeName)) return NodeFilter.FILTER_REJECT;
        if (parent.closest && parent.closest(".headerlink, .djkb-search")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    var first = null;
    for (var k = 0; k < nodes.length; k++) {
      var node = nodes[k];
      var text = node.nodeValue;
      var pieces = markPieces(text, words);
      if (pieces.length === 1 && !pieces[0].mark) continue;
      var frag = document.createDocumentFragment();
      for (var p = 0; p < pieces.length; p++) {
        if (pieces[p].mark) {
          var m = document.createElement("mark");
          m.className = HIGHLIGHT_CLASS;
          m.textContent = pieces[p].text;
          frag.appendChild(m);
          if (!first) first = m;
        } else frag.appendChild(document.createTextNode(pieces[p].text));
      }
      node.parentNode.replaceChild(frag, node);
    }
    // Bring the first match into view unless the link pointed at a place in the page.
    if (first && !window.location.hash && first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }

  // Snippet around the first body occurrence of a matched string: [{text, mark}] pieces.
  function snippet(hit, width) {
    var page = hit.page;
    var body = page.hay.slice(page.bodyStart);
    var sameLength = body.length === page.text.length;
    var display = sameLength ? page.text : body;
    // Anchor at the occurrence after which most of the different words follow within the width (the
    // earliest such), so that the snippet shows as many of the matched words as it can.
    var occ = [];
    for (var i = 0; i < hit.needles.length; i++) {
      if (!hit.needles[i]) continue;
      var pos = body.indexOf(hit.needles[i]);
      for (var c = 0; pos >= 0 && c < 20; c++) {
        occ.push([pos, i]);
        pos = body.indexOf(hit.needles[i], pos + 1);
      }
    }
    occ.sort(function (x, y) {
      return x[0] - y[0];
    });
    var first = -1;
    var firstLen = 0;
    var bestCount = 0;
    for (var o = 0; o < occ.length; o++) {
      var seen = {};
      var count = 0;
      for (var q = o; q < occ.length && occ[q][0] + hit.needles[occ[q][1]].length <= occ[o][0] + width - 10; q++) {
        if (!seen[occ[q][1]]) {
          seen[occ[q][1]] = true;
          count += 1;
        }
      }
      if (count > bestCount) {
        bestCount = count;
        first = occ[o][0];
        firstLen = hit.needles[occ[o][1]].length;
      }
    }
    if (first < 0) {
      first = 0;
      firstLen = 0;
    }
    var start = Math.max(0, first - Math.floor(width / 3));
    var end = Math.min(display.length, Math.max(first + firstLen, start + width));
    // Do not start in the middle of an earlier block when the match is near a block start.
    var nl = display.lastIndexOf("\n", first);
    if (nl >= start) start = nl + 1;
    var lower = body.slice(start, end);
    var shown = display.slice(start, end);
    var marks = new Array(lower.length);
    for (var n = 0; n < hit.needles.length; n++) {
      var needle = hit.needles[n];
      if (!needle) continue;
      var p = lower.indexOf(needle);
      while (p >= 0) {
        for (var k = p; k < p + needle.length; k++) marks[k] = true;
        p = lower.indexOf(needle, p + needle.length);
      }
    }
    var pieces = [];
    if (start > 0) pieces.push({ text: "…", mark: false });
    var cur = "";
    var curMark = false;
    for (var c = 0; c < shown.length; c++) {
      var m = !!marks[c];
      var ch = shown.charAt(c) === "\n" ? " · " : shown.charAt(c);
      if (m !== curMark && cur) {
        pieces.push({ text: cur, mark: curMark });
        cur = "";
      }
      curMark = m;
      cur += ch;
    }
    if (cur) pieces.push({ text: cur, mark: curMark });
    if (end < display.length) pieces.push({ text: "…", mark: false });
    return pieces;
  }

  // ---------------------------------------------------------------------------------------------------
  // Public API
  // ---------------------------------------------------------------------------------------------------
  function djkbSearch(query, options) {
    var limit = options && options.limit != null ? Number(options.limit) : 10;
    return whenReady().then(function () {
      var result = search(query, limit);
      var out = [];
      for (var i = 0; i < result.hits.length; i++) {
        var page = result.hits[i].page;
        out.push({ location: page.location, title: page.title, label: page.label, match: result.partial ? "partial" : "full" });
      }
      // The whole answer: "full" (every result holds every word) or "partial" (none does; best partial matches).
      out.match = result.partial ? "partial" : "full";
      out.words = result.words;
      return out;
    });
  }

  var engine = {
    ready: whenReady,
    search: search,
    parseQuery: parseQuery,
    // How a query is split into words: {typed, words}.
    split: splitQuery,
    routePieces: routePieces,
    snippet: snippet,
    hrefFor: hrefFor,
    mount: mountAll,
    // Locations of the pages the prefilter lets through for a query (tests check it never drops a match).
    candidates: function (query) {
      var bits = candidateBits(parseQuery(query));
      var out = [];
      for (var p = 0; p < state.pages.length; p++) {
        if (!bits || bits[p >>> 5] & (1 << (p & 31))) out.push(state.pages[p].location);
      }
      return out;
    },
    // Tests: start the prefilter over, built only by indexUpTo(n) (pages [0, n) indexed).
    prefilter: {
      reset: function () {
        state.filter = newPrefilter(state.pages.length);
        state.filter.manual = true;
      },
      indexUpTo: function (n) {
        var filter = state.filter;
        while (filter.built < Math.min(n, state.pages.length)) {
          indexPage(filter, filter.built, state.pages[filter.built].hay);
          filter.built += 1;
        }
      },
    },
    stats: function () {
      return {
        ready: state.ready,
        error: state.error,
        pages: state.pages.length,
        loadStart: state.loadStart,
        indexLoadedAt: state.indexLoadedAt,
        decodeMs: state.decodeMs,
        inflate: state.inflateMethod,
        readyAt: state.readyAt,
        prefilterPages: state.filter ? state.filter.built : 0,
        prefilterReadyAt: state.filterReadyAt,
      };
    },
  };
  djkbSearch.engine = engine;
  window.djkbSearch = djkbSearch;

  // ---------------------------------------------------------------------------------------------------
  // Search box
  // ---------------------------------------------------------------------------------------------------
  var UI_LIMIT = 50;
  var uis = [];

  function el(tag, cls, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  var ICON_SEARCH =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z"/></svg>';

  function createUi(host, before) {
    var root = el("div", "djkb-search", { "data-djkb-search": "" });
    var toggle = el("button", "djkb-search__toggle", {
      type: "button",
      "aria-label": "打开搜索",
      title: "搜索（快捷键 / 或 s）",
    });
    toggle.innerHTML = ICON_SEARCH;
    var dialog = el("div", "djkb-search__dialog");
    var form = el("form", "djkb-search__form", { role: "search", action: "#" });
    var icon = el("span", "djkb-search__icon");
    icon.innerHTML = ICON_SEARCH;
    var listId = "djkb-search-results-" + uis.length;
    var input = el("input", "djkb-search__input", {
      type: "search",
      name: "q",
      placeholder: "搜索",
      "aria-label": "搜索知识库",
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      enterkeyhint: "search",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
    });
    var close = el("button", "djkb-search__close", { type: "button", "aria-label": "关闭搜索", title: "关闭（Esc）" });
    close.textContent = "×";
    form.appendChild(icon);
    form.appendChild(input);
    form.appendChild(close);
    var panel = el("div", "djkb-search__panel");
    panel.hidden = true;
    var status = el("div", "djkb-search__status", { role: "status", "aria-live": "polite" });
    var list = el("ol", "djkb-search__results", { id: listId, role: "listbox", "aria-label": "搜索结果" });
    panel.appendChild(status);
    panel.appendChild(list);
    dialog.appendChild(form);
    dialog.appendChild(panel);
    root.appendChild(toggle);
    root.appendChild(dialog);
    host.insertBefore(root, before || null);

    var ui = { root: root, input: input, panel: panel, status: status, list: list, active: -1, items: [], timer: 0 };

    function open() {
      root.classList.add("djkb-search--open");
      start();
    }
    function closeAll() {
      root.classList.remove("djkb-search--open");
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }
    ui.open = open;
    ui.close = closeAll;

    toggle.addEventListener("click", function () {
      open();
      input.focus();
    });
    close.addEventListener("click", function () {
      input.value = "";
      closeAll();
      input.blur();
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      follow(ui, ui.active >= 0 ? ui.active : 0);
    });
    input.addEventListener("focus", function () {
      open();
      if (input.value.trim()) render(ui);
    });
    input.addEventListener("input", function () {
      clearTimeout(ui.timer);
      ui.timer = setTimeout(function () {
        render(ui);
      }, 40);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!ui.items.length) return;
        var next = ui.active + (ev.key === "ArrowDown" ? 1 : -1);
        if (next < 0) next = ui.items.length - 1;
        if (next >= ui.items.length) next = 0;
        setActive(ui, next);
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        clearTimeout(ui.timer);
        if (ui.pendingQuery !== input.value) render(ui);
        follow(ui, ui.active >= 0 ? ui.active : 0);
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        closeAll();
        input.blur();
      }
    });
    document.addEventListener("click", function (ev) {
      if (!root.contains(ev.target)) closeAll();
    });
    uis.push(ui);
    return ui;
  }

  function setActive(ui, index) {
    for (var i = 0; i < ui.items.length; i++) {
      var on = i === index;
      ui.items[i].classList.toggle("djkb-search__result--active", on);
      ui.items[i].setAttribute("aria-selected", on ? "true" : "false");
    }
    ui.active = index;
    if (index >= 0 && ui.items[index]) {
      ui.input.setAttribute("aria-activedescendant", ui.items[index].id);
      ui.items[index].scrollIntoView({ block: "nearest" });
    } else ui.input.removeAttribute("aria-activedescendant");
  }

  function follow(ui, index) {
    var item = ui.items[index];
    if (!item) return;
    var link = item.querySelector("a");
    if (link) window.location.href = link.href;
  }

  function render(ui) {
    var query = ui.input.value;
    ui.pendingQuery = query;
    ui.list.textContent = "";
    ui.items = [];
    ui.active = -1;
    ui.input.removeAttribute("aria-activedescendant");
    if (!query.trim()) {
      ui.panel.hidden = true;
      ui.input.setAttribute("aria-expanded", "false");
      return;
    }
    ui.panel.hidden = false;
    ui.input.setAttribute("aria-expanded", "true");
    if (state.error) {
      ui.status.textContent = "搜索暂不可用：" + state.error;
      return;
    }
    if (!state.ready) {
      ui.status.textContent = "正在加载搜索索引…";
      return;
    }
    ui.panel.setAttribute("data-query", query);
    var result = search(query, UI_LIMIT);
    var shown = result.hits;
    if (!result.total) {
      ui.status.textContent = "没有找到包含“" + query.trim() + "”的页面。";
      return;
    }
    var words = result.words.length > 1 ? "（按词语：" + result.words.join("、") + "）" : "";
    if (result.partial) {
      ui.status.textContent = "没有同时包含全部词语的结果，以下结果包含其中部分词语" + words + "：";
      ui.panel.setAttribute("data-match", "partial");
    } else {
      ui.status.textContent =
        "找到 " + result.total + " 个页面" + (result.total > shown.length ? "，显示前 " + shown.length + " 个" : "") + words + "：";
      ui.panel.setAttribute("data-match", "full");
    }
    var frag = document.createDocumentFragment();
    for (var i = 0; i < shown.length; i++) {
      var hit = shown[i];
      var li = el("li", "djkb-search__result", { role: "option", id: ui.list.id + "-" + i, "aria-selected": "false" });
      var a = el("a", "djkb-search__link", { href: hrefFor(hit.page.location, hit.needles), tabindex: "-1" });
      var head = el("span", "djkb-search__head");
      if (hit.page.label) {
        var label = el("span", "djkb-search__label");
        label.textContent = hit.page.label;
        head.appendChild(label);
      }
      var title = el("span", "djkb-search__title");
      appendMarked(title, markPieces(hit.page.title, hit.needles));
      head.appendChild(title);
      var snip = el("span", "djkb-search__snippet");
      appendMarked(snip, snippet(hit, 80));
      a.appendChild(head);
      a.appendChild(snip);
      li.appendChild(a);
      (function (index) {
        li.addEventListener("mousemove", function () {
          if (ui.active !== index) setActive(ui, index);
        });
      })(i);
      frag.appendChild(li);
      ui.items.push(li);
    }
    ui.list.appendChild(frag);
  }

  function markPieces(text, needles) {
    var lower = foldWord(text);
    if (lower.length !== text.length) return [{ text: text, mark: false }];
    var marks = new Array(text.length);
    for (var n = 0; n < needles.length; n++) {
      var p = needles[n] ? lower.indexOf(needles[n]) : -1;
      while (p >= 0) {
        for (var k = p; k < p + needles[n].length; k++) marks[k] = true;
        p = lower.indexOf(needles[n], p + needles[n].length);
      }
    }
    var pieces = [];
    var cur = "";
    var curMark = false;
    for (var c = 0; c < text.length; c++) {
      var m = !!marks[c];
      if (m !== curMark && cur) {
        pieces.push({ text: cur, mark: curMark });
        cur = "";
      }
      curMark = m;
      cur += text.charAt(c);
    }
    if (cur) pieces.push({ text: cur, mark: curMark });
    return pieces;
  }

  function appendMarked(node, pieces) {
    for (var i = 0; i < pieces.length; i++) {
      if (pieces[i].mark) {
        var m = document.createElement("mark");
        m.textContent = pieces[i].text;
        node.appendChild(m);
      } else node.appendChild(document.createTextNode(pieces[i].text));
    }
  }

  function updateAllUi() {
    for (var i = 0; i < uis.length; i++) {
      if (document.documentElement.contains(uis[i].root) && !uis[i].panel.hidden) render(uis[i]);
    }
  }

  function mountAll() {
    for (var i = uis.length - 1; i >= 0; i--) if (!document.documentElement.contains(uis[i].root)) uis.splice(i, 1);
    if (uis.length) return;
    var header = document.querySelector(".md-header__inner");
    if (header) {
      createUi(header, header.querySelector(".md-header__source"));
    } else if (document.body) {
      var bar = el("div", "djkb-search-bar");
      document.body.insertBefore(bar, document.body.firstChild);
      createUi(bar, null);
    }
  }

  function isEditable(node) {
    if (!node || node === document.body) return false;
    var tag = node.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable;
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    if ((ev.key === "/" || ev.key === "s" || ev.key === "S") && !isEditable(document.activeElement)) {
      var ui = uis[0];
      if (!ui) return;
      ev.preventDefault();
      ui.open();
      ui.input.focus();
      ui.input.select();
    }
  });

  start();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      mountAll();
      highlightPage();
    });
  } else {
    mountAll();
    highlightPage();
  }
  // Material's instant navigation replaces page parts without re-running scripts.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      mountAll();
      highlightPage();
    });
  }
})();
