/* 党建品牌知识库: the 适老化 switch (大字 / 标准) in the header.
 *
 * The choice is kept in localStorage (works from file:// too: Chromium and Firefox give file pages a storage)
 * and applied before the first paint by the one-line script in overrides/main.html; this script only draws
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

  // The head script set the class already; this repeats it for pages whose frame lacks that script.
  if (stored() === "large") document.documentElement.classList.add("djkb-large");
  function start() { build(); addPrintButton(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
