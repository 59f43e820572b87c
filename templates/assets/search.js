/* The portal's record search: reads ?q= (and ?type=), fetches only the index shards the query
   needs, counts every match exactly, and renders results as text (never as HTML from the
   index). Entities: generator/site/emitters/search.py and namegrams.py; full text of cases,
   warnings and articles: textindex.py, searched with lunr.js, loaded only for a search. */
(function () {
  "use strict";
  var root = "/search/";  /* the portal is served from the root of its host (generator/urls.py) */
  var KINDS = { licensing: "行政许可", penalties: "行政处罚", redlist: "守信激励", blacklist: "严重失信",
                watchlist: "重点关注", commitments: "信用承诺" };
  var GROUPS = [["cases", "典型案例"], ["warnings", "风险提示"], ["articles guides", "文章与指南"]];
  var USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
  var PAGE = 10;       /* entities a page; 显示更多 adds as many */
  var TEXT_PAGE = 5;   /* texts a page in each group */
  var EXACT = 0, PREFIX = 1, CONTAINED = 2, OVERLAP = 3;

  function normalize(text) {
    return text.normalize("NFKC").toUpperCase().replace(/[^0-9A-Z\u3400-\u9fff\uf900-\ufaff]/g, "");
  }
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }
  var cache = {};
  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(path + ": " + r.status); }
        return r.json();
      });
    }
    return cache[path];
  }
  function shardOf(key, count) { return (fnv1a(key) & (count - 1)).toString(16) + ".json"; }
  function mark(name) { if (window.performance && performance.mark) { performance.mark(name); } }

  /* --- entity names: the cover of key grams, positional postings (namegrams.py) ----------- */
  function keySpans(q, frequent) {
    var spans = [];
    for (var a = 0; a < q.length - 1; a++) {
      if (!(q.slice(a, a + 2) in frequent)) { spans.push([a, a + 2]); continue; }
      for (var b = a + 2; b <= q.length && (q.slice(a, b) in frequent); b++) {
        if (a > 0 && !(q.slice(a - 1, b) in frequent)) { spans.push([a - 1, b]); }
        if (b < q.length && !(q.slice(a, b + 1) in frequent)) { spans.push([a, b + 1]); }
      }
    }
    return spans;
  }
  function cover(q, frequent) {
    if (q.length < 2 || q in frequent) { return null; }
    var spans = keySpans(q, frequent), chosen = [], reach = 0;
    while (reach < q.length) {
      var best = null;
      spans.forEach(function (s) {
        if (s[0] <= reach && reach < s[1] && (!best || s[1] > best[1] || (s[1] === best[1] && s[0] < best[0]))) { best = s; }
      });
      if (!best) { return null; }
      chosen.push({ gram: q.slice(best[0], best[1]), offset: best[0] });
      reach = best[1];
    }
    return chosen;
  }
  function blockOf(id, blocks) {  /* [type, name length, first id] of the run holding id */
    var lo = 0, hi = blocks.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (blocks[mid][2] <= id) { lo = mid; } else { hi = mid - 1; } }
    return blocks[lo];
  }
  function searchNames(q, meta) {
    var grams = cover(q, meta.frequent);
    if (!grams) { return Promise.resolve({ frequent: meta.frequent[q] || null, ranked: [], grams: [] }); }
    return Promise.all(grams.map(function (g) {
      return fetchJSON("name/" + shardOf(g.gram, meta.shards.name)).then(function (table) { return table[g.gram] || [0, [], []]; });
    })).then(function (postings) {
      var order = grams.map(function (g, i) { return i; });
      order.sort(function (a, b) { return postings[a][0] - postings[b][0]; });  /* rarest first */
      var starts = null, holders = null, stride = 1 << meta.pos_bits;  /* key: id and start */
      order.forEach(function (i) {
        var gaps = postings[i][1], pos = postings[i][2], here = new Map(), ids = new Set(), id = 0;
        for (var k = 0; k < gaps.length; k++) {
          id += gaps[k];
          ids.add(id);
          var start = pos[k] - grams[i].offset, key = id * stride + start;
          if (start >= 0 && (!starts || starts.has(key))) { here.set(key, true); }
        }
        starts = here;
        holders = holders ? new Set(Array.from(holders).filter(function (x) { return ids.has(x); })) : ids;
      });
      var first = new Map();
      starts.forEach(function (v, key) {
        var id = Math.floor(key / stride), start = key % stride;
        if (!first.has(id) || start < first.get(id)) { first.set(id, start); }
      });
      var ranked = [];
      holders.forEach(function (id) {
        var block = blockOf(id, meta.blocks), grade = OVERLAP;
        if (first.has(id)) { grade = first.get(id) > 0 ? CONTAINED : (block[1] === q.length ? EXACT : PREFIX); }
        ranked.push({ id: id, grade: grade, length: block[1], type: meta.types[block[0]] });
      });
      ranked.sort(function (a, b) { return a.grade - b.grade || a.length - b.length || a.id - b.id; });
      return { frequent: null, ranked: ranked, grams: grams.map(function (g) { return g.gram; }) };
    });
  }
  function entityRow(row, meta) {
    return { name: row[0], code: row[1], type: row[2], counts: row[3], url: meta.entity_url.replace("CODE", row[1]) };
  }
  function entityRows(items, meta) {
    return Promise.all(items.map(function (item) {
      return fetchJSON("ent/" + Math.floor(item.id / meta.chunk).toString(16) + ".json").then(function (chunk) {
        var e = entityRow(chunk[item.id % meta.chunk], meta);
        e.grade = item.grade;
        return e;
      });
    }));
  }
  function lookupCode(code, meta) {
    return fetchJSON("code/" + shardOf(code, meta.shards.code)).then(function (table) {
      return table[code] ? [entityRow(table[code], meta)] : [];
    });
  }
  function lookupDoc(doc, meta) {
    return fetchJSON("doc/" + shardOf(doc, meta.shards.doc)).then(function (table) {
      return (table[doc] || []).map(function (r) { return { title: r[0], url: r[1], date: r[2] }; });
    });
  }

  /* --- full text: lunr.js over term shards (textindex.py) ---------------------------------- */
  function runs(text) {
    return (text.normalize("NFKC").toUpperCase().match(/[0-9A-Z\u3400-\u9fff\uf900-\ufaff]+/g) || [])
      .map(function (r) { return r.toLowerCase(); });
  }
  function textTerms(text) {  /* bigrams covering each run (required), the run itself (optional) */
    var terms = [], seen = {};
    function add(term, required) {
      if (!seen[term + required]) { seen[term + required] = true; terms.push({ term: term, required: required }); }
    }
    runs(text).forEach(function (run) {
      if (run.length < 2) { return; }
      for (var i = 0; i < run.length - 1; i += 2) { add(run.slice(i, i + 2), true); }
      if (run.length % 2) { add(run.slice(run.length - 2), true); }
      if (run.length > 2) { add(run, false); }
    });
    return terms;
  }
  var lunrReady = null;
  function loadLunr() {
    if (!lunrReady) {
      lunrReady = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = document.getElementById("search-results").getAttribute("data-lunr");
        script.onload = function () { resolve(window.lunr); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return lunrReady;
  }
  function searchText(raw) {
    return fetchJSON("text/meta.json").then(function (meta) {
      var stop = {};
      meta.stop.forEach(function (t) { stop[t] = true; });
      var terms = textTerms(raw).filter(function (t) { return !stop[t.term]; });
      if (!terms.some(function (t) { return t.required; })) {
        return { meta: meta, hits: [], tooCommon: textTerms(raw).length > 0 };
      }
      var byShard = {};
      terms.forEach(function (t) { (byShard[shardOf(t.term, meta.shards)] = byShard[shardOf(t.term, meta.shards)] || []).push(t); });
      var names = Object.keys(byShard).sort();
      return Promise.all([loadLunr()].concat(names.map(function (n) { return fetchJSON("text/" + n); })))
        .then(function (loaded) {
          var lunr = loaded[0], scores = {}, required = [];
          names.forEach(function (n, i) {
            var index = lunr.Index.load(loaded[i + 1]), mine = byShard[n], weight = 0;
            /* lunr divides by this shard's part of |query|: multiplied back, shards add up. */
            mine.forEach(function (t) { if (index.invertedIndex[t.term]) { weight += 1; } });
            var found = index.query(function (query) {
              mine.forEach(function (t) {
                query.term(t.term, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE,
                  presence: t.required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL });
              });
            });
            var refs = {};
            found.forEach(function (r) { refs[r.ref] = true; scores[r.ref] = (scores[r.ref] || 0) + r.score * Math.sqrt(weight); });
            if (mine.some(function (t) { return t.required; })) { required.push(refs); }
          });
          var hits = Object.keys(scores).filter(function (ref) {
            return required.every(function (refs) { return refs[ref]; });
          }).map(function (ref) { return { number: parseInt(ref, 36), score: scores[ref] }; });
          hits.sort(function (a, b) { return b.score - a.score || a.number - b.number; });
          return { meta: meta, hits: hits, tooCommon: false };
        });
    });
  }
  function textRows(hits, meta) {
    return Promise.all(hits.map(function (hit) {
      return fetchJSON("text/doc/" + Math.floor(hit.number / meta.chunk).toString(16) + ".json").then(function (chunk) {
        var row = chunk[hit.number % meta.chunk];
        return { title: row[0], url: row[1], date: row[2] };
      });
    }));
  }

  /* --- rendering --------------------------------------------------------------------------- */
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  /* Append text to node with each occurrence of the needles (normalised) wrapped in <mark>. */
  function highlight(node, text, needles) {
    var folded = "", owner = [], chars = Array.from(text), hit = new Array(chars.length);
    chars.forEach(function (ch, i) { var n = normalize(ch); folded += n; for (var k = 0; k < n.length; k++) { owner.push(i); } });
    needles.forEach(function (needle) {
      for (var at = folded.indexOf(needle); needle && at !== -1; at = folded.indexOf(needle, at + needle.length)) {
        for (var k = owner[at]; k <= owner[at + needle.length - 1]; k++) { hit[k] = true; }
      }
    });
    var i = 0;
    while (i < chars.length) {
      var j = i;
      while (j < chars.length && !!hit[j] === !!hit[i]) { j++; }
      var part = chars.slice(i, j).join("");
      node.appendChild(hit[i] ? el("mark", part) : document.createTextNode(part));
      i = j;
    }
    return node;
  }
  function renderEntity(entity, needles) {
    var item = el("li", "", { "class": "portal-result" });
    var heading = el("h3", "");
    heading.appendChild(highlight(el("a", "", { href: entity.url }), entity.name, needles));
    item.appendChild(heading);
    var about = "统一社会信用代码：" + entity.code + (entity.type ? " · " + entity.type : "");
    item.appendChild(el("p", about + (entity.grade === OVERLAP ? " · 名称相近" : "")));
    var counts = Object.keys(KINDS).map(function (k, i) { return KINDS[k] + " " + entity.counts[i]; });
    item.appendChild(el("p", counts.join(" · "), { "class": "portal-meta" }));
    return item;
  }
  function renderRecord(record, needles) {
    var item = el("li", "", { "class": "portal-result" });
    item.appendChild(highlight(el("a", "", { href: record.url }), record.title, needles));
    if (record.date) { item.appendChild(el("span", " " + record.date, { "class": "portal-meta" })); }
    return item;
  }
  /* A heading, a list and a 显示更多 button that fetches and appends the next page. */
  function pagedList(container, heading, items, size, fetchRows, render, unit) {
    var section = el("section", "", { "class": "portal-search-section" });
    var title = el("h2", heading);
    var list = el("ul", "", { "class": "portal-results" });
    var more = el("button", "", { type: "button", "class": "portal-button portal-search-more" });
    var shown = el("p", "", { "class": "portal-meta", "aria-live": "polite" });
    section.appendChild(title);
    section.appendChild(list);
    section.appendChild(shown);
    section.appendChild(more);
    var done = 0;
    function page(focus) {
      var slice = items.slice(done, done + size);
      return fetchRows(slice).then(function (rows) {
        var firstNew = null;
        rows.forEach(function (row) { var li = render(row); list.appendChild(li); firstNew = firstNew || li; });
        done += rows.length;
        shown.textContent = items.length > size ? "已显示 " + done + " " + unit + "，共 " + items.length + " " + unit + "。" : "";
        more.hidden = done >= items.length;
        more.textContent = "显示更多（还有 " + (items.length - done) + " " + unit + "）";
        if (focus && firstNew) { firstNew.querySelector("a").focus(); }
      });
    }
    more.addEventListener("click", function () {
      mark("portal-search-more-start");
      more.disabled = true;
      page(true).then(function () { more.disabled = false; mark("portal-search-more"); });
    });
    /* The section shows once its first rows are in: never a heading over an empty list. */
    return page(false).then(function () { container.appendChild(section); });
  }

  function typeCounts(ranked, types) {
    var counts = {};
    types.forEach(function (t) { counts[t] = 0; });
    ranked.forEach(function (r) { counts[r.type] += 1; });
    return counts;
  }
  function labelFilters(counts, total) {
    var inputs = document.querySelectorAll("input[name=type]");
    for (var i = 0; i < inputs.length; i++) {
      var value = inputs[i].value, label = document.querySelector("label[for='" + inputs[i].id + "']");
      var n = value ? counts[value] || 0 : total;
      label.querySelector(".portal-search-count").textContent = "（" + n + "）";
    }
  }
  function quoted(parts) { return parts.map(function (p) { return "“" + p + "”"; }).join(""); }

  function showEntities(state) {
    var box = document.getElementById("search-entities"), status = document.getElementById("search-status");
    box.textContent = "";
    var named = state.names, raw = state.raw, chosen = state.type;
    var what = chosen || "信用主体";
    if (named.frequent) {
      var types = state.meta.types, n = chosen ? named.frequent[1 + types.indexOf(chosen)] : named.frequent[0];
      var per = types.map(function (t, i) { return t + " " + named.frequent[1 + i] + " 个"; }).join("、");
      status.textContent = "名称包含“" + raw + "”的" + what + "有 " + n + " 个（" + per + "），过于常见，无法一一列出。请输入更具体的名称，例如企业字号。";
      var counts = {};
      types.forEach(function (t, i) { counts[t] = named.frequent[1 + i]; });
      labelFilters(counts, named.frequent[0]);
      return Promise.resolve();
    }
    var ranked = named.ranked.filter(function (r) { return !chosen || r.type === chosen; });
    var found = ranked.filter(function (r) { return r.grade !== OVERLAP; }).length, near = ranked.length - found;
    labelFilters(typeCounts(named.ranked, state.meta.types), named.ranked.length);
    var parts = [];
    if (state.records.length) { parts.push("决定文书号为“" + raw + "”的公示信息 " + state.records.length + " 条"); }
    if (found || (!near && !state.records.length)) { parts.push("名称包含“" + raw + "”的" + what + " " + found + " 个"); }
    if (near) { parts.push((found ? "另有" : "") + "名称含有" + quoted(named.grams) + "但不相连的" + what + " " + near + " 个"); }
    if (!ranked.length && !state.records.length) {
      status.textContent = "没有找到名称包含“" + raw + "”的" + what + (state.docLike ? "或决定文书号为“" + raw + "”的公示信息" : "") +
        "。自然人信息不提供按姓名查询。";
      return Promise.resolve();
    }
    status.textContent = "找到" + parts.join("；") + "。";
    return pagedList(box, "信用主体（" + ranked.length + " 个）", ranked, PAGE,
      function (slice) { return entityRows(slice, state.meta); },
      function (row) { return renderEntity(row, row.grade === OVERLAP ? named.grams : [normalize(raw)]); }, "个");
  }

  function showText(raw) {
    var box = document.getElementById("search-text");
    return searchText(raw).then(function (found) {
      box.textContent = "";
      if (found.tooCommon) {
        box.appendChild(el("p", "“" + raw + "”在典型案例、风险提示和文章中过于常见，请输入更具体的词。", { "class": "portal-meta" }));
      }
      var needles = runs(raw).map(normalize).filter(function (r) { return r.length > 1; });
      var jobs = GROUPS.map(function (group) {
        var ranges = found.meta.groups.filter(function (g) { return group[0].split(" ").indexOf(g[0]) !== -1; });
        var hits = found.hits.filter(function (h) { return ranges.some(function (g) { return h.number >= g[1] && h.number < g[2]; }); });
        if (!hits.length) { return null; }
        return pagedList(box, group[1] + "（" + hits.length + " 篇）", hits, TEXT_PAGE,
          function (slice) { return textRows(slice, found.meta); },
          function (row) { return renderRecord(row, needles); }, "篇");
      });
      return Promise.all(jobs).then(function () { mark("portal-search-text"); });
    }).catch(function () {
      box.textContent = "";
      box.appendChild(el("p", "案例、提示与文章的全文检索暂时无法完成。", { "class": "portal-meta" }));
    });
  }

  function run() {
    var status = document.getElementById("search-status");
    var input = document.getElementById("search-q");
    var params = new URLSearchParams(location.search);
    var raw = params.get("q") || "";
    input.value = raw;
    document.getElementById("portal-q").value = raw;
    if (!raw.trim()) { return; }
    var text = normalize(raw);
    document.title = raw + " - 信用查询 - " + document.title.split(" - ").pop();
    if (!text || raw.length > 100) {
      status.textContent = "无法识别“" + raw.slice(0, 100) + "”：请输入汉字、字母或数字组成的名称、代码或文书号。";
      mark("portal-search-results");
      return;
    }
    if (text.length < 2 && !USCC.test(text)) {
      status.textContent = "请至少输入两个字，例如企业名称中的字号。";
      mark("portal-search-results");
      return;
    }
    status.textContent = "正在查询……";
    var isCode = USCC.test(text), docLike = /\d/.test(text);
    fetchJSON("meta.json").then(function (meta) {
      if (isCode) { return showCode(text, meta); }
      /* Looks like a 文书号: looked up alone; names and texts are searched only if it is not one. */
      var docJob = docLike ? lookupDoc(text, meta) : Promise.resolve([]);
      return docJob.then(function (docs) {
        showRecords(raw, docs);
        if (docs.length && /\d{2,}.*号$/.test(text)) {
          status.textContent = "找到决定文书号为“" + raw + "”的公示信息 " + docs.length + " 条。";
          mark("portal-search-results");
          return null;
        }
        return searchNames(text, meta).then(function (named) {
          var state = { raw: raw, meta: meta, names: named, records: docs, docLike: docLike, type: "" };
          listenToFilter(state, params);
          return showEntities(state);
        }).then(function () {
          mark("portal-search-results");
          return showText(raw);  /* after the entity results, so they come first */
        });
      });
    }).catch(function () {
      status.textContent = "查询暂时无法完成，请稍后重试。";
      mark("portal-search-results");
    });
  }
  function showCode(code, meta) {
    return lookupCode(code, meta).then(function (found) {
      var box = document.getElementById("search-entities");
      document.getElementById("search-status").textContent = found.length ?
        "找到 1 个信用主体（统一社会信用代码 " + code + "）。" : "没有找到统一社会信用代码为 " + code + " 的信用主体。";
      if (found.length) {
        var section = el("section", "", { "class": "portal-search-section" });
        section.appendChild(el("h2", "信用主体（1 个）"));
        var list = el("ul", "", { "class": "portal-results" });
        list.appendChild(renderEntity(found[0], []));
        section.appendChild(list);
        box.appendChild(section);
      }
      mark("portal-search-results");
    });
  }
  function showRecords(raw, docs) {
    var box = document.getElementById("search-records");
    box.textContent = "";
    if (!docs.length) { return; }
    box.appendChild(el("h2", "决定文书号为“" + raw + "”的公示信息（" + docs.length + " 条）"));
    var list = el("ul", "", { "class": "portal-results" });
    docs.forEach(function (r) { list.appendChild(renderRecord(r, [])); });
    box.appendChild(list);
  }
  function listenToFilter(state, params) {
    var chosen = params.get("type") || "";
    state.type = state.meta.types.indexOf(chosen) !== -1 ? chosen : "";
    var radios = document.querySelectorAll("input[name=type]");
    for (var i = 0; i < radios.length; i++) {
      radios[i].checked = radios[i].value === state.type;
      radios[i].addEventListener("change", function (event) {
        state.type = event.target.value;
        if (state.type) { params.set("type", state.type); } else { params.delete("type"); }
        history.replaceState(null, "", "?" + params.toString());
        showEntities(state);
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
