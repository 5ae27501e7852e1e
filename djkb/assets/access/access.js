/* 党建品牌知识库: the 适老化 switch (大字 / 标准) in the header.
 *
 * The choice is kept in localStorage (works from file:// too: Chromium and Firefox give file pages a storage)
 * and applied before the first paint by djkb/assets/head.js; this script only draws
 * the switch and flips the class on <html>. */
(function () {
  "use strict";

  var KEY = "djkb.textsize";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function store(value) {
    try { window.localStorage.setItem(KEY, value); } catch (error) { /* private mode: this page only */ }
  }

  function build() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".djkb-textsize")) return;
    var group = document.createElement("div");
    group.className = "djkb-textsize";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "字号（适老化）");
    var buttons = [["standard", "标准", "标准字号"], ["large", "大字", "大字模式：放大全站文字和行距"]].map(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[1];
      button.title = spec[2];
      button.setAttribute("data-size", spec[0]);
      button.addEventListener("click", function () { choose(spec[0]); });
      group.appendChild(button);
      return button;
    });

    function show() {
      var large = document.documentElement.classList.contains("djkb-large");
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String((button.getAttribute("data-size") === "large") === large));
      });
    }

    function choose(size) {
      document.documentElement.classList.toggle("djkb-large", size === "large");
      store(size);
      show();
    }

    var title = header.querySelector(".md-header__title");
    header.insertBefore(group, title ? title.nextSibling : null);
    show();
  }

  // 自查表: a print button above the sheet (window.print needs a script, so the script adds the button).
  function addPrintButton() {
    var sheet = document.querySelector(".djkb-checklist");
    var intro = document.querySelector(".djkb-checklist-intro");
    if (!sheet || document.querySelector(".djkb-print")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary djkb-print";
    button.textContent = "打印自查表";
    button.title = "只打印表格（A4 纸）";
    button.addEventListener("click", function () { window.print(); });
    var anchor = intro || sheet;
    anchor.parentNode.insertBefore(button, anchor);
  }

  // Home page: a search field in the page itself (on a phone the header only has a magnifier icon). What is
  // typed goes to the site's search box in the header, which shows the results.
  function addHomeSearch() {
    var slot = document.querySelector(".djkb-home-search");
    if (!slot || slot.firstChild) return;
    var form = document.createElement("form");
    form.setAttribute("role", "search");
    form.action = "#";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "djkb-home-search__input";
    input.placeholder = "搜索标准、案例、术语";
    input.setAttribute("aria-label", "搜索知识库");
    input.setAttribute("enterkeyhint", "search");
    var go = document.createElement("button");
    go.type = "submit";
    go.className = "md-button md-button--primary";
    go.textContent = "搜索";
    form.appendChild(input);
    form.appendChild(go);
    slot.appendChild(form);

    function forward() {
      var target = document.querySelector(".md-header .djkb-search__input");
      if (!target) return;
      var root = target.closest(".djkb-search");
      var toggle = root.querySelector(".djkb-search__toggle");
      if (toggle && !root.classList.contains("djkb-search--open")) toggle.click(); // opens the phone's search overlay
      target.value = input.value;
      target.focus();
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); forward(); });
    // On click, after the click has reached the document (the search box closes on clicks outside it), and on typing.
    input.addEventListener("click", function () { setTimeout(forward, 0); });
    input.addEventListener("input", forward);
  }

  // The head script set the class already; this repeats it for pages whose frame lacks that script.
  if (stored() === "large") document.documentElement.classList.add("djkb-large");
  function start() { build(); addPrintButton(); addHomeSearch(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
