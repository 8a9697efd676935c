/*
 * The live preview's script, which `explainer serve` puts at the end of every page it serves
 * (never into a built site), in place of MkDocs' live reload script.
 *
 * Like MkDocs' script, it asks the server, one long request at a time, whether the site was
 * built again since the page was served. When it was, it fetches the page again and compares
 * it with the page as it was served (fetched once the page has loaded): when only some
 * blocks of the article changed, and none of them is one that the theme's script changes or
 * watches (headings, code, tables, tooltips...), it puts the new blocks in place of the old
 * ones and gives the theme's search worker the new search index, so that search finds the
 * new words at once. Anything else (a change outside the article, in the title, the nav or
 * the table of contents, a block it cannot be sure of, an error) reloads the page, as
 * MkDocs' script does.
 */
(function (script) {
  "use strict";

  var ARTICLE = "article.md-content__inner";
  var EPOCH = "data-explainer-epoch";
  // What the theme's script changes or watches once a page has loaded: a block with one of
  // these in it is not replaced in place; the page is reloaded instead.
  var WATCHED = "h1,h2,h3,h4,h5,h6,pre,code,table,details,summary,iframe,script,style,svg," +
    "abbr,[title],[data-md-component],[data-md-state],.tabbed-set,.mermaid,.annotate," +
    ".footnote,.footnote-ref,input,label,form";
  // The theme's search worker: the message that gives it an index, and its answer.
  var SEARCH_SETUP = 0;
  var SEARCH_READY = 1;

  var epoch = Number(script.getAttribute(EPOCH));
  var path = location.pathname;
  var shown = null; // a promise of the page as served, in parts (`parts`), or of null
  var request = null;
  var timer = null;
  var id = Date.now(); // this page's own name in its requests (the server logs it once)

  function reload() {
    location.reload();
  }

  // Say on the page's root element how far the preview got (for whoever tests it): the
  // epoch of the page as served once it has been fetched, of the last search index given.
  function say(name, value) {
    document.documentElement.setAttribute(name, String(value));
  }

  // The page `text` apart: the epoch it was served at, everything but its article's blocks
  // (as HTML), and those blocks (as elements and as HTML); null when its article holds
  // anything but elements and the spaces between them.
  function parts(text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    var mark = doc.querySelector("script[" + EPOCH + "]");
    var article = doc.querySelector(ARTICLE);
    if (mark === null || article === null) {
      return null;
    }
    var served = Number(mark.getAttribute(EPOCH));
    mark.remove();
    for (var node = article.firstChild; node !== null; node = node.nextSibling) {
      var space = node.nodeType === Node.TEXT_NODE && node.data.trim() === "";
      if (node.nodeType !== Node.ELEMENT_NODE && !space) {
        return null;
      }
    }
    var blocks = Array.prototype.slice.call(article.children);
    article.replaceChildren();
    return {
      epoch: served,
      frame: doc.documentElement.outerHTML,
      blocks: blocks,
      html: blocks.map(function (block) { return block.outerHTML; })
    };
  }

  function fetchParts() {
    return fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("the page answered " + response.status);
        }
        return response.text();
      })
      .then(parts);
  }

  function watched(block) {
    return block.matches(WATCHED) || block.querySelector(WATCHED) !== null;
  }

  // Put the changed blocks of `next` in place of the open page's; false when that cannot be
  // done with certainty (the page must be reloaded).
  function patch(before, next) {
    if (before === null || next === null || next.frame !== before.frame) {
      return false;
    }
    var article = document.querySelector(ARTICLE);
    var old = before.html;
    var now = next.html;
    if (article === null || article.children.length !== old.length) {
      return false;
    }
    var start = 0;
    while (start < old.length && start < now.length && old[start] === now[start]) {
      start += 1;
    }
    var end = 0;
    while (end < old.length - start && end < now.length - start &&
           old[old.length - 1 - end] === now[now.length - 1 - end]) {
      end += 1;
    }
    var gone = Array.prototype.slice.call(article.children, start, old.length - end);
    var added = next.blocks.slice(start, now.length - end);
    var served = before.blocks.slice(start, old.length - end);
    if (gone.some(watched) || served.some(watched) || added.some(watched)) {
      return false;
    }
    var after = old.length - end < old.length ? article.children[old.length - end] : null;
    added.forEach(function (block) {
      article.insertBefore(document.importNode(block, true), after);
    });
    gone.forEach(function (block) { block.remove(); });
    return true;
  }

  // Give the theme's search worker (found by the preview's other script) the new index.
  function refreshSearch(indexed) {
    var workers = window.__explainerWorkers || [];
    var config = document.getElementById("__config");
    if (workers.length === 0 || config === null) {
      return;
    }
    var settings = JSON.parse(config.textContent);
    var base = new URL(settings.base || ".", location.href);
    var search = settings.search ? new URL(settings.search, location.href).href : null;
    var suggest = (settings.features || []).indexOf("search.suggest") !== -1;
    var searching = workers.filter(function (kept) {
      return new URL(kept.url, location.href).href === search;
    });
    if (searching.length === 0) {
      return;
    }
    fetch(new URL("search/search_index.json", base), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (index) {
        searching.forEach(function (kept) {
          kept.worker.addEventListener("message", function ready(event) {
            if (event.data && event.data.type === SEARCH_READY) {
              kept.worker.removeEventListener("message", ready);
              say("data-explainer-searched", indexed);
            }
          });
          kept.worker.postMessage({
            type: SEARCH_SETUP,
            data: { config: index.config, docs: index.docs, options: { suggest: suggest } }
          });
        });
        requery();
      })
      .catch(reload);
  }

  // Have the theme's search ask again for what is typed in the search box, if anything, so
  // that the results shown come from the new index (which the worker has before it answers:
  // it takes its messages in order). The theme asks only when the text changes, hence the
  // text with a space, then as it was.
  function requery() {
    var box = document.querySelector("[data-md-component=search-query]");
    if (box === null || box.value === "") {
      return;
    }
    var typed = box.value;
    [typed + " ", typed].forEach(function (text) {
      box.value = text;
      box.dispatchEvent(new KeyboardEvent("keyup"));
    });
  }

  function update(newer) {
    if (location.pathname !== path) {
      reload();
      return;
    }
    performance.mark("explainer:built");
    Promise.all([shown, fetchParts()]).then(function (both) {
      var before = both[0];
      var next = both[1];
      performance.mark("explainer:fetched");
      if (next === null || !patch(before, next)) {
        reload();
        return;
      }
      performance.mark("explainer:patched");
      shown = Promise.resolve(next);
      epoch = Math.max(newer, next.epoch);
      say("data-explainer-shown", epoch);
      poll();
      // The new index once the change has been drawn: reading it and handing it over take
      // the page's own thread for a while on a large site.
      var indexed = epoch;
      requestAnimationFrame(function () {
        setTimeout(function () {
          performance.mark("explainer:drawn");
          refreshSearch(indexed);
        }, 0);
      });
    }).catch(reload);
  }

  function poll() {
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var newer = parseFloat(this.responseText);
      if (newer > epoch) {
        update(newer);
      } else {
        timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }

  function stop() {
    if (request !== null) {
      request.onloadend = null;
      request.abort();
    }
    if (timer !== null) {
      clearTimeout(timer);
    }
    request = timer = null;
  }

  window.addEventListener("load", function () {
    // The page as served, to compare the next one with: fetched again (the live page has
    // been changed by the theme's script since); a page built again meanwhile is reloaded.
    shown = fetchParts().then(function (served) {
      if (served === null || served.epoch !== epoch) {
        return null;
      }
      say("data-explainer-shown", epoch);
      return served;
    }).catch(function () { return null; });
    if (document.visibilityState === "visible") {
      poll();
    }
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll();
    } else {
      stop();
    }
  });
  window.addEventListener("beforeunload", stop);
})(document.currentScript);
