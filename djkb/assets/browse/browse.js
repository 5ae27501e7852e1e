/* 党建品牌知识库: facet filters for case and brand listings.
 *
 * The listing is complete in the page (works without JavaScript). The listing carries its facet definitions
 * in data-facet-defs and each row the indexes of its values in data-f (decodeRow), so nothing is fetched and
 * the same page works from file://. Values within a facet are OR-ed, facets are AND-ed. The state lives in
 * the URL hash (#domain=农村&year=2023) so a filtered view can be shared; a query string (?domain=…) is read
 * too.
 */
(function () {
  "use strict";

  var MANY = 8; // values shown before “更多”
  var OPEN_ON_DESKTOP = 3; // facets shown unfolded on wide screens (the others one line each)
  var FORMULA_START = /^[=+\-@\t\r]/;

  function parseState(text, defs) {
    var state = {};
    defs.forEach(function (def) { state[def.key] = []; });
    if (!text) return state;
    var params = new URLSearchParams(text.replace(/^[#?]/, ""));
    params.forEach(function (value, key) {
      if (state[key] && state[key].indexOf(value) < 0) state[key].push(value);
    });
    return state;
  }

  function hasAny(state) {
    return Object.keys(state).some(function (key) { return state[key].length > 0; });
  }

  function serialize(state, defs) {
    var params = new URLSearchParams();
    defs.forEach(function (def) {
      state[def.key].forEach(function (value) { params.append(def.key, value); });
    });
    return params.toString();
  }

  function csvCell(text) {
    text = String(text);
    if (FORMULA_START.test(text)) text = "'" + text; // Excel must not read it as a formula
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A row's data-f, written by djkb/facets.py (FacetListing.encode_row, format in its docstring): per facet
  // in defs order, separated by ";", the indexes of the row's values in def.values, separated by ",".
  function decodeRow(code, defs) {
    var fields = defs.length || code ? code.split(";") : []; // no facets: ""
    if (fields.length !== defs.length) throw new Error("djkb: data-f \"" + code + "\" has " + fields.length + " fields for " + defs.length + " facets");
    var values = {};
    defs.forEach(function (def, i) {
      values[def.key] = fields[i] === "" ? [] : fields[i].split(",").map(function (index) {
        var value = def.values[Number(index)];
        if (value === undefined) throw new Error("djkb: data-f \"" + code + "\": no value " + index + " in " + def.key);
        return value;
      });
    });
    return values;
  }

  function Listing(root) {
    this.root = root;
    this.kind = root.getAttribute("data-kind");
    this.noun = root.getAttribute("data-noun") || "项";
    this.defs = JSON.parse(root.getAttribute("data-facet-defs"));
    var defs = this.defs;
    this.rows = Array.prototype.map.call(root.querySelectorAll("tbody > tr[data-f]"), function (tr) {
      var link = tr.querySelector("td a, td .djkb-unlinked");
      return { el: tr, values: decodeRow(tr.getAttribute("data-f"), defs), title: link ? link.textContent.trim() : "", href: link && link.href ? link.href : "" };
    });
    this.state = this.readUrl();
    this.buildPanel();
    this.apply(false);
    var self = this;
    function follow() {
      var next = self.readUrl();
      if (serialize(next, self.defs) !== serialize(self.state, self.defs)) {
        self.state = next;
        self.apply(false);
      }
    }
    // Every filter change is a history entry (pushState), so Back undoes it; popstate brings it back here.
    window.addEventListener("hashchange", follow);
    window.addEventListener("popstate", follow);
  }

  Listing.prototype.readUrl = function () {
    var hash = window.location.hash;
    var fromHash = parseState(hash, this.defs);
    if (hasAny(fromHash) || hash.indexOf("=") > 0) return fromHash;
    return parseState(window.location.search, this.defs);
  };

  Listing.prototype.writeUrl = function () {
    var query = serialize(this.state, this.defs);
    var target = window.location.pathname + (query ? "#" + query : "");
    try {
      if (target !== window.location.pathname + window.location.hash) window.history.pushState(null, "", target);
    } catch (error) {
      window.location.hash = query; // some browsers refuse replaceState on file:// pages
    }
  };

  Listing.prototype.buildPanel = function () {
    var self = this;
    var panel = this.root.querySelector(".djkb-facets");
    panel.textContent = "";
    this.chips = {};
    this.more = {};
    var narrow = window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches;
    this.narrow = narrow;
    this.defs.forEach(function (def, position) {
      var facet = el("details", "djkb-facet");
      facet.setAttribute("data-key", def.key);
      // Desktop: the first facets open, the rest folded, so the first row of the list is on the first screen.
      if ((!narrow && position < OPEN_ON_DESKTOP) || self.state[def.key].length) facet.open = true;
      var summary = el("summary", null, def.label);
      var picked = el("span", "djkb-facet-picked");
      summary.appendChild(picked);
      facet.appendChild(summary);
      var box = el("div", "djkb-facet-values");
      self.chips[def.key] = [];
      def.values.forEach(function (value, index) {
        var chip = el("button", "djkb-chip");
        chip.type = "button";
        chip.setAttribute("data-key", def.key);
        chip.setAttribute("data-value", value);
        // Read as “2023（6 个案例）”, not “20236”: one hidden text for screen readers, the visible parts hidden
        // from them (separate pieces would be read with pauses: “2023 （ 6 个案例）”).
        var shown = el("span", "djkb-chip-label", value);
        var count = el("span", "djkb-count", "");
        shown.setAttribute("aria-hidden", "true");
        count.setAttribute("aria-hidden", "true");
        chip.appendChild(shown);
        chip.appendChild(count);
        chip.appendChild(el("span", "djkb-sr", ""));
        chip.addEventListener("click", function () { self.toggle(def.key, value); self.announce(); });
        box.appendChild(chip);
        self.chips[def.key].push(chip);
      });
      var more = el("button", "djkb-more");
      more.type = "button";
      more.addEventListener("click", function () {
        box.classList.toggle("djkb-expanded");
        self.apply(false);
      });
      box.appendChild(more);
      self.more[def.key] = more;
      facet.appendChild(box);
      panel.appendChild(facet);
    });
    var bar = el("div", "djkb-toolbar");
    this.status = el("span", "djkb-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    var clear = el("button", "djkb-clear md-button", "清除筛选");
    clear.type = "button";
    clear.addEventListener("click", function () {
      self.defs.forEach(function (def) { self.state[def.key] = []; });
      self.apply(true);
    });
    var download = el("button", "djkb-csv md-button md-button--primary", "下载筛选结果（CSV）");
    download.type = "button";
    download.addEventListener("click", function () { self.downloadCsv(); });
    this.clearButton = clear;
    bar.appendChild(this.status);
    bar.appendChild(clear);
    bar.appendChild(download);
    panel.appendChild(bar);
    // Phones: after a tap the count and a way to the results, in a bar that stays at the bottom of the screen.
    this.sticky = el("div", "djkb-sticky");
    this.sticky.hidden = true;
    this.stickyText = el("span", "djkb-sticky-count");
    var jump = el("button", "djkb-sticky-jump md-button md-button--primary", "查看结果");
    jump.type = "button";
    jump.addEventListener("click", function () {
      self.sticky.hidden = true;
      var table = self.root.querySelector("table.djkb-listing");
      table.scrollIntoView({ block: "start" });
      var first = self.root.querySelector("tbody > tr:not([hidden]) a");
      if (first) first.focus({ preventScroll: true });
    });
    this.sticky.appendChild(this.stickyText);
    this.sticky.appendChild(jump);
    this.root.appendChild(this.sticky);
    if (window.IntersectionObserver) {
      // Once the list itself is on screen the bar has done its job.
      new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) self.sticky.hidden = true; });
      }).observe(this.root.querySelector("table.djkb-listing thead") || this.root.querySelector("table.djkb-listing"));
    }
    this.empty = el("p", "djkb-empty", "没有同时符合这些条件的" + this.noun.replace(/^个/, "") + "。可以取消一些条件再试。");
    this.empty.hidden = true;
    this.root.appendChild(this.empty);
    panel.hidden = false;
  };

  Listing.prototype.announce = function () {
    if (!this.narrow) return;
    this.stickyText.textContent = this.status.textContent;
    var table = this.root.querySelector("table.djkb-listing").getBoundingClientRect();
    this.sticky.hidden = table.top < window.innerHeight * 0.6;
  };

  Listing.prototype.toggle = function (key, value) {
    var values = this.state[key];
    var at = values.indexOf(value);
    if (at >= 0) values.splice(at, 1); else values.push(value);
    this.apply(true);
  };

  // Which selected facets a row fails (at most the first two matter for counting).
  Listing.prototype.failing = function (row) {
    var failed = [];
    for (var i = 0; i < this.defs.length && failed.length < 2; i++) {
      var key = this.defs[i].key;
      var wanted = this.state[key];
      if (!wanted.length) continue;
      var own = row.values[key] || [];
      if (!own.some(function (value) { return wanted.indexOf(value) >= 0; })) failed.push(key);
    }
    return failed;
  };

  Listing.prototype.apply = function (updateUrl) {
    var self = this;
    var counts = {};
    this.defs.forEach(function (def) { counts[def.key] = {}; });
    var shown = 0;
    this.rows.forEach(function (row) {
      var failed = self.failing(row);
      row.el.hidden = failed.length > 0;
      if (!failed.length) shown++;
      // A value's count: rows matching every other facet's choice and having this value.
      self.defs.forEach(function (def) {
        if (failed.length === 0 || (failed.length === 1 && failed[0] === def.key)) {
          (row.values[def.key] || []).forEach(function (value) {
            counts[def.key][value] = (counts[def.key][value] || 0) + 1;
          });
        }
      });
    });
    this.defs.forEach(function (def) {
      var pickedCount = self.state[def.key].length;
      // Values that would give no result are hidden; long lists show the first MANY behind “更多”.
      var offered = 0;
      self.chips[def.key].forEach(function (chip) {
        var value = chip.getAttribute("data-value");
        var count = counts[def.key][value] || 0;
        var pressed = self.state[def.key].indexOf(value) >= 0;
        chip.setAttribute("aria-pressed", pressed ? "true" : "false");
        chip.querySelector(".djkb-count").textContent = String(count);
        chip.querySelector(".djkb-sr").textContent = value + "（" + count + " " + self.noun + "）";
        chip.disabled = !pressed && count === 0;
        chip.hidden = chip.disabled;
        if (!chip.hidden) offered++;
        chip.classList.toggle("djkb-chip-extra", !chip.hidden && offered > MANY && !pressed);
      });
      var more = self.more[def.key];
      var expanded = more.parentNode.classList.contains("djkb-expanded");
      more.hidden = offered <= MANY;
      more.textContent = expanded ? "收起" : "更多（" + (offered - MANY) + "）";
      var facet = self.root.querySelector('.djkb-facet[data-key="' + def.key + '"]');
      facet.querySelector(".djkb-facet-picked").textContent = pickedCount ? "（已选 " + pickedCount + "）" : "";
      // A facet with nothing left to offer (every value would empty the list) is not shown at all.
      facet.hidden = offered === 0;
    });
    var total = this.rows.length;
    this.status.textContent = hasAny(this.state) ? "筛选出 " + shown + " / " + total + " " + this.noun : "共 " + total + " " + this.noun;
    this.clearButton.hidden = !hasAny(this.state);
    this.empty.hidden = shown > 0;
    if (updateUrl) this.writeUrl();
  };

  Listing.prototype.visibleRows = function () {
    return this.rows.filter(function (row) { return !row.el.hidden; });
  };

  Listing.prototype.csvText = function () {
    var defs = this.defs;
    var lines = [["名称", "网址"].concat(defs.map(function (def) { return def.label; }))];
    this.visibleRows().forEach(function (row) {
      lines.push([row.title, row.href].concat(defs.map(function (def) { return (row.values[def.key] || []).join("、"); })));
    });
    return "\ufeff" + lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  };

  Listing.prototype.downloadCsv = function () {
    var blob = new Blob([this.csvText()], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = (this.kind === "brands" ? "品牌项目" : "案例") + (hasAny(this.state) ? "-筛选结果" : "-全部") + ".csv";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".djkb-browse[data-facet-defs]"), function (root) {
      if (!root.djkbListing) root.djkbListing = new Listing(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  /* Glossary tooltips (djkb/tooltips.py). Term links carry no explanation; the generated terms.<hash>.js
   * hands over {term id: text} once for the whole site. Each link gets its title here, before Material
   * mounts content.tooltips on DOMContentLoaded, so the tooltip is Material's own. */
  var TERM_PAGE = /\/glossary\/([a-z0-9-]+)(?:\/(?:index\.html)?|\.html)$/;

  function addTermTitles(tips) {
    termTips = tips;
    function apply() {
      Array.prototype.forEach.call(document.querySelectorAll("a.djkb-term:not([title])"), function (link) {
        var found = TERM_PAGE.exec(link.pathname);
        if (found && Object.prototype.hasOwnProperty.call(tips, found[1])) link.title = tips[found[1]];
      });
    }
    apply(); // scripts come after the content
    // Capture on window runs before Material's own DOMContentLoaded listener on document.
    if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", apply, true);
  }

  /* Touch screens have no hover: a tap on a term opens its explanation in a popover that stays until closed
   * (×, Esc, or a tap elsewhere); the popover's own link opens the term's page. */
  var termTips = null;
  var popover = null;

  function closePopover() {
    if (!popover) return;
    var owner = popover.owner;
    popover.remove();
    popover = null;
    owner.setAttribute("aria-expanded", "false");
  }

  function openPopover(link, text) {
    closePopover();
    var box = document.createElement("div");
    box.className = "djkb-term-pop";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "术语解释：" + link.textContent.trim());
    var body = document.createElement("p");
    body.textContent = text;
    var more = document.createElement("a");
    more.href = link.href;
    more.textContent = "查看词条：" + link.textContent.trim();
    var close = document.createElement("button");
    close.type = "button";
    close.className = "djkb-term-pop__close";
    close.setAttribute("aria-label", "关闭解释");
    close.textContent = "×";
    close.addEventListener("click", function () { var owner = box.owner; closePopover(); owner.focus(); });
    box.appendChild(close);
    box.appendChild(body);
    box.appendChild(more);
    box.owner = link;
    link.setAttribute("aria-expanded", "true");
    document.body.appendChild(box);
    var rect = link.getBoundingClientRect();
    var width = box.offsetWidth;
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
    popover = box;
    more.focus({ preventScroll: true });
  }

  function touchOnly() {
    return window.matchMedia && window.matchMedia("(hover: none)").matches;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (popover && !popover.contains(target) && !(popover.owner.contains(target))) closePopover();
    var link = target.closest ? target.closest("a.djkb-term") : null;
    if (!link || !termTips || !touchOnly() || (popover && popover.owner === link)) return; // a second tap follows the link
    var found = TERM_PAGE.exec(link.pathname);
    if (!found || !Object.prototype.hasOwnProperty.call(termTips, found[1])) return;
    event.preventDefault();
    openPopover(link, termTips[found[1]]);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover) { var owner = popover.owner; closePopover(); owner.focus(); }
  });

  window.djkbTermTips = addTermTitles;
  if (window.djkbTermTipsData) addTermTitles(window.djkbTermTipsData);

  /* Record pages (overrides/record.html) carry the site's sections once, as tabs; the phone drawer gets a
   * copy here, before Material mounts its sidebar on DOMContentLoaded. */
  function fillDrawerFromTabs() {
    var list = document.querySelector(".md-nav--primary > .md-nav__list[data-djkb-from-tabs]");
    if (!list || list.children.length) return;
    Array.prototype.forEach.call(document.querySelectorAll(".md-tabs__list > li"), function (tab) {
      var source = tab.querySelector("a");
      if (!source) return;
      var item = document.createElement("li");
      item.className = "md-nav__item" + (tab.classList.contains("md-tabs__item--active") ? " md-nav__item--active" : "");
      var link = document.createElement("a");
      link.className = "md-nav__link";
      link.href = source.getAttribute("href");
      link.textContent = source.textContent;
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  fillDrawerFromTabs();
})();
