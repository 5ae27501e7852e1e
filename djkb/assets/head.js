/* 党建品牌知识库: the one script in <head> of every page, run before the first paint.
 *
 * 1. Material for MkDocs 9.8.1's storage helpers, which its bundle needs (its partials/javascripts/base.html
 *    writes them inline: ~300 bytes × thousands of pages). The scope is the site root, worked out from this
 *    file's own address (assets/djkb/ → ../..) instead of from the page's base URL; same value.
 * 2. The reader's text size (适老化 大字, access/access.js) on <html>: no jump in size after the page appears.
 */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
try{localStorage.getItem("djkb.textsize")==="large"&&document.documentElement.classList.add("djkb-large")}catch(e){}
