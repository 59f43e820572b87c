/* The portal's record search: reads ?q=, fetches only the index shards the query needs, and
   renders results as text (never as HTML from the index). See generator/search.py. */
(function () {
  "use strict";
  var root = "/search/";  /* the portal is served from the root of its host (generator/urls.py) */
  var KINDS = { licensing: "行政许可", penalties: "行政处罚", redlist: "守信激励", blacklist: "严重失信",
                watchlist: "重点关注", commitments: "信用承诺" };
  var USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
  var MAX_RESULTS = 10;

  function normalize(text) {
    return text.normalize("NFKC").toUpperCase().replace(/[^0-9A-Z\u3400-\u9fff\uf900-\ufaff]/g, "");
  }
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function bigrams(text) {
    if (text.length < 2) { return text ? [text] : []; }
    var seen = {};
    for (var i = 0; i < text.length - 1; i++) { seen[text.slice(i, i + 2)] = true; }
    return Object.keys(seen).sort();
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
  function shard(kind, key, meta) { return kind + "/" + (fnv1a(key) & (meta.shards[kind] - 1)).toString(16) + ".json"; }

  function entityRow(row, meta) {
    return { name: row[0], code: row[1], type: row[2], counts: row[3], url: meta.entity_url.replace("CODE", row[1]) };
  }
  function lookupCode(code, meta) {
    return fetchJSON(shard("code", code, meta)).then(function (table) {
      return table[code] ? [entityRow(table[code], meta)] : [];
    });
  }
  function lookupDoc(doc, meta) {
    return fetchJSON(shard("doc", doc, meta)).then(function (table) {
      return (table[doc] || []).map(function (r) { return { title: r[0], url: r[1], date: r[2] }; });
    });
  }
  function decode(gaps) {
    var ids = [], last = 0;
    for (var i = 0; i < gaps.length; i++) { last = i === 0 ? gaps[0] : last + gaps[i]; ids.push(last); }
    return ids;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }
  function searchNames(text, meta) {
    var stop = {};
    meta.stop.forEach(function (g) { stop[g] = true; });
    var grams = bigrams(text).filter(function (g) { return !stop[g]; });
    if (!grams.length) { return Promise.resolve({ tooCommon: true, entities: [] }); }
    return Promise.all(grams.map(function (g) {
      return fetchJSON(shard("name", g, meta)).then(function (table) { return decode(table[g] || []); });
    })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var ids = lists.reduce(intersect);
      /* Only the first candidates' rows are fetched: ids follow name length, so they are the best. */
      var first = ids.slice(0, MAX_RESULTS + 2);
      return Promise.all(first.map(function (id) {
        return fetchJSON("ent/" + Math.floor(id / meta.chunk).toString(16) + ".json").then(function (chunk) {
          return entityRow(chunk[id % meta.chunk], meta);
        });
      })).then(function (rows) {
        // Contiguous matches first (the name holds the query as typed), then the rest, shortest first.
        var exact = rows.filter(function (e) { return normalize(e.name).indexOf(text) !== -1; });
        var loose = rows.filter(function (e) { return normalize(e.name).indexOf(text) === -1; });
        return { tooCommon: false, entities: exact.concat(loose).slice(0, MAX_RESULTS), more: ids.length > MAX_RESULTS };
      });
    });
  }

  /* Articles and guides: Material's own search index of the editorial pages (segmented with
     jieba at build time), matched here as normalised text. Fetched after the record results. */
  function searchArticles(text) {
    return fetchJSON("search_index.json").then(function (index) {
      var seen = {}, titles = {}, hits = [];
      var label = function (s) { return (s || "").replace(/<[^>]*>|\u200b/g, ""); };
      var plain = function (s) { return normalize(label(s)); };
      (index.docs || []).forEach(function (doc) {
        if (doc.location.indexOf("#") === -1) { titles[doc.location] = label(doc.title); }
      });
      (index.docs || []).forEach(function (doc) {
        var page = doc.location.split("#")[0];
        if (seen[page] || (plain(doc.title) + plain(doc.text)).indexOf(text) === -1) { return; }
        seen[page] = true;
        var section = doc.location === page ? "" : "：" + label(doc.title);
        var title = titles[page] || label(doc.title);
        hits.push({ title: title + section, url: "/" + doc.location, inTitle: plain(title).indexOf(text) !== -1 });
      });
      /* Pages whose title holds the query first; otherwise in the index's order. */
      hits.sort(function (a, b) { return (b.inTitle ? 1 : 0) - (a.inTitle ? 1 : 0); });
      return hits.slice(0, 5);
    }).catch(function () { return []; });
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function renderEntity(entity) {
    var item = el("li", "", { "class": "portal-result" });
    var heading = el("h3", "");
    heading.appendChild(el("a", entity.name, { href: entity.url }));
    item.appendChild(heading);
    item.appendChild(el("p", "统一社会信用代码：" + entity.code + (entity.type ? " · " + entity.type : "")));
    var counts = Object.keys(KINDS).map(function (k, i) { return KINDS[k] + " " + entity.counts[i]; });
    item.appendChild(el("p", counts.join(" · "), { "class": "portal-meta" }));
    return item;
  }
  function renderRecord(record) {
    var item = el("li", "", { "class": "portal-result" });
    item.appendChild(el("a", record.title, { href: record.url }));
    item.appendChild(el("span", " " + record.date, { "class": "portal-meta" }));
    return item;
  }

  function run() {
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var input = document.getElementById("search-q");
    var raw = new URLSearchParams(location.search).get("q") || "";
    input.value = raw;
    document.getElementById("portal-q").value = raw;
    if (!raw.trim()) { status.textContent = "请输入企业名称、统一社会信用代码或行政许可、行政处罚决定文书号。"; return; }
    var text = normalize(raw);
    document.title = raw + " - 信用查询 - " + document.title.split(" - ").pop();
    if (!text || raw.length > 100) {
      status.textContent = "无法识别“" + raw.slice(0, 100) + "”：请输入汉字、字母或数字组成的名称、代码或文书号。";
      return;
    }
    status.textContent = "正在查询……";
    fetchJSON("meta.json").then(function (meta) {
      var jobs = [];
      if (USCC.test(text)) {
        jobs.push(lookupCode(text, meta).then(function (found) { return { entities: found }; }));
      } else if (text.length < 2) {
        status.textContent = "请至少输入两个字，例如企业名称中的字号。";
        return null;
      } else if (/\d{2,}.*号$/.test(text)) {
        /* Looks like a 文书号: look it up alone, and search names only if it is not one. */
        jobs.push(lookupDoc(text, meta).then(function (found) {
          return found.length ? { records: found } : searchNames(text, meta);
        }));
      } else {
        jobs.push(searchNames(text, meta));
        if (/\d/.test(text)) {
          jobs.push(lookupDoc(text, meta).then(function (found) { return { records: found }; }));
        }
      }
      return Promise.all(jobs).then(function (parts) {
        var entities = [], records = [], tooCommon = false, more = false;
        parts.forEach(function (p) {
          entities = entities.concat(p.entities || []);
          records = records.concat(p.records || []);
          tooCommon = tooCommon || !!p.tooCommon;
          more = more || !!p.more;
        });
        results.textContent = "";
        if (records.length) {
          results.appendChild(el("h2", "决定文书号为“" + raw + "”的公示信息"));
          var list = el("ul", "", { "class": "portal-results" });
          records.forEach(function (r) { list.appendChild(renderRecord(r)); });
          results.appendChild(list);
        }
        if (entities.length) {
          results.appendChild(el("h2", "信用主体"));
          var box = el("ul", "", { "class": "portal-results" });
          entities.forEach(function (e) { box.appendChild(renderEntity(e)); });
          results.appendChild(box);
        }
        var total = entities.length + records.length;
        /* A standard User Timing mark: when the first results showed, from navigation start. */
        if (window.performance && performance.mark) { performance.mark("portal-search-results"); }
        if (!USCC.test(text)) {
          searchArticles(text).then(function (articles) {
            if (!articles.length) { return; }
            results.appendChild(el("h2", "文章与指南"));
            var list = el("ul", "", { "class": "portal-results" });
            articles.forEach(function (a) {
              var item = el("li", "", { "class": "portal-result" });
              item.appendChild(el("a", a.title, { href: a.url }));
              list.appendChild(item);
            });
            results.appendChild(list);
          });
        }
        if (total) {
          status.textContent = "找到 " + total + " 条结果" + (more ? "，只显示最匹配的 " + entities.length + " 个主体，输入更完整的名称可缩小范围" : "") + "。";
        } else if (tooCommon) {
          status.textContent = "“" + raw + "”过于常见，请输入更具体的名称，例如企业字号。";
        } else {
          status.textContent = "没有找到与“" + raw + "”相符的企业或公示信息。自然人信息不提供按姓名查询。";
        }
      });
    }).catch(function () {
      status.textContent = "查询暂时无法完成，请稍后重试。";
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
