/*
 * The site's Thai search. Nothing loads until the reader opens the search: then
 * search/index.json (words → pages, segmented at build time by PyThaiNLP) is fetched
 * once. A query is cut with the browser's own Intl.Segmenter (ICU, no download) and
 * each piece matches index words that contain it, so a word inside a compound
 * (ป้องกัน in ป้องกันการทุจริต) is found even where ICU and PyThaiNLP cut differently.
 * Thai and Arabic digits are the same (๒๕๖๘ = 2568).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var dialog = document.getElementById("oit-search");
  var opener = document.querySelector(".oit-search-open");
  if (!script || !dialog || !opener || typeof dialog.showModal !== "function") return;

  var indexUrl = new URL(script.getAttribute("data-index"), document.baseURI);
  var siteRoot = new URL("../", indexUrl);
  var input = document.getElementById("oit-search-input");
  var list = document.getElementById("oit-search-results");
  var status = document.getElementById("oit-search-status");
  var closer = dialog.querySelector(".oit-search-close");
  var more = dialog.querySelector(".oit-search-more");
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter("th", { granularity: "word" }) : null;
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var RUN = /[\u0E01-\u0E4F]+|[a-z0-9]+(?:\.[0-9]+)*/g;
  var loading = null;
  var timer = 0;

  function normalize(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); }).toLowerCase();
  }

  function load() {
    if (!loading) {
      setStatus("กำลังโหลดดัชนีค้นหา…");
      loading = fetch(indexUrl.href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        var df = {};
        var vocab = Object.keys(data.words);
        vocab.forEach(function (word) { df[word] = data.words[word].length / 2; });
        var newest = 0;
        data.pages.forEach(function (page) { newest = Math.max(newest, yearOf(page[0])); });
        return { pages: data.pages, postings: data.words, vocab: vocab, df: df, newest: newest };
      });
      loading.catch(function () { setStatus("โหลดดัชนีค้นหาไม่ได้ ลองใหม่อีกครั้ง"); loading = null; });
    }
    return loading;
  }

  // The fewest index words (two or more) that spell a Thai run exactly, or null: the
  // run as PyThaiNLP would have cut it, e.g. แผนการ → แผน|การ where the index has การบริหาร.
  function splitByVocabulary(run, known) {
    var best = new Array(run.length + 1).fill(null);
    best[0] = [];
    for (var end = 1; end <= run.length; end++) {
      for (var start = Math.max(0, end - 30); start < end; start++) {
        if (!best[start]) continue;
        var piece = run.slice(start, end);
        if (piece.length > 1 && piece.length < run.length && Object.prototype.hasOwnProperty.call(known, piece)
            && (!best[end] || best[start].length + 1 < best[end].length)) {
          best[end] = best[start].concat([piece]);
        }
      }
    }
    return best[run.length];
  }

  function pieces(query) {
    var out = [];
    var text = normalize(query);
    var match;
    RUN.lastIndex = 0;
    while ((match = RUN.exec(text))) {
      var run = match[0];
      if (/^[a-z0-9]/.test(run)) { out.push(run); continue; }
      if (!segmenter) { out.push(run); continue; }
      var segments = segmenter.segment(run);
      for (var it = segments[Symbol.iterator](), s = it.next(); !s.done; s = it.next()) {
        if (s.value.isWordLike && s.value.segment.length > 1) out.push(s.value.segment);
      }
    }
    return out;
  }

  // Index words a query piece stands for, each with how well it matches (1 = exactly).
  function candidates(piece, index) {
    var found = [];
    var latin = /^[a-z0-9]/.test(piece);
    for (var i = 0; i < index.vocab.length; i++) {
      var word = index.vocab[i];
      if (word === piece) found.push([word, 1]);
      else if (latin ? word.indexOf(piece) === 0 && !/^o\d+$/.test(piece) : word.indexOf(piece) >= 0) {
        found.push([word, 0.6 * piece.length / word.length + 0.2]);
      }
    }
    return found;
  }

  // page → score for a list of candidate words (best candidate per page).
  function scoreOf(found, index) {
    var n = index.pages.length;
    var score = {};
    found.forEach(function (pair) {
      var postings = index.postings[pair[0]];
      var idf = Math.log(1 + n / index.df[pair[0]]);
      for (var i = 0; i < postings.length; i += 2) {
        var value = postings[i + 1] * idf * pair[1];
        if (!(score[postings[i]] >= value)) score[postings[i]] = value;
      }
    });
    return score;
  }

  // Pages matching every score table (their mean), else none.
  function all(scores) {
    var out = {};
    Object.keys(scores[0] || {}).forEach(function (page) {
      if (scores.every(function (score) { return score[page] !== undefined; })) {
        out[page] = scores.reduce(function (sum, score) { return sum + score[page]; }, 0) / scores.length;
      }
    });
    return out;
  }

  // One query piece: index words containing it, OR (where ICU and PyThaiNLP cut
  // differently: แผนการ|บริหาร against แผน|การบริหาร) the index words that spell it.
  function pieceScore(piece, index) {
    var score = scoreOf(candidates(piece, index), index);
    if (/^[a-z0-9]/.test(piece)) return score;
    var parts = splitByVocabulary(piece, index.postings);
    if (parts && parts.length > 1) {
      var split = all(parts.map(function (part) { return scoreOf(candidates(part, index), index); }));
      Object.keys(split).forEach(function (page) {
        if (!(score[page] >= split[page])) score[page] = split[page];
      });
    }
    return score;
  }

  // The fiscal year of a page address ("2569/oit/o1/" → 2569), 0 for pages of no year.
  function yearOf(address) {
    var year = /^(\d{4})\//.exec(address);
    return year ? +year[1] : 0;
  }

  // Each year back from the newest weighs this much less: the reader (and the assessor)
  // means this year's page unless the query names a year.
  var OLDER_YEAR = 0.6;

  function search(query, index) {
    var scores = pieces(query).map(function (piece) { return pieceScore(piece, index); });
    if (!scores.length) return [];
    // All pieces must match; when no page has them all, the best partial matches.
    var matched = all(scores);
    var pool = Object.keys(matched).length ? Object.keys(matched)
      : Object.keys(scores.reduce(function (union, s) { return Object.assign(union, s); }, {}));
    var text = normalize(query).trim();
    var phrase = text.replace(/\s+/g, "");
    var code = /^o\d+$/.test(text) ? text : null;
    var namesYear = /(^|[^0-9])25\d\d([^0-9]|$)/.test(text);
    var total = {};
    pool.forEach(function (page) {
      var sum = 0;
      scores.forEach(function (score) { sum += score[page] || 0; });
      var title = normalize(index.pages[page][1]);
      if (code && title.indexOf(code + " ") === 0) sum += 1000;
      // The whole query in a page's title: that page is what the reader means.
      else if (phrase.length > 1 && title.replace(/\s+/g, "").indexOf(phrase) >= 0) sum += 500;
      var year = yearOf(index.pages[page][0]);
      if (year && !namesYear) sum *= Math.pow(OLDER_YEAR, index.newest - year);
      total[page] = sum;
    });
    return Object.keys(total).sort(function (a, b) {
      // Equal scores: the newer year first (addresses start with the year).
      return total[b] - total[a] || index.pages[b][0].localeCompare(index.pages[a][0]);
    }).map(function (page) { return index.pages[page]; });
  }

  // Numbers the script prints follow the site's digits (the plugin's `digits` option).
  var thaiDigits = script.getAttribute("data-digits") === "thai";
  function digits(text) {
    return thaiDigits ? String(text).replace(/[0-9]/g, function (d) { return THAI_DIGITS[+d]; }) : String(text);
  }

  function setStatus(text) { status.textContent = digits(text); }

  // Results are listed PAGE_SIZE at a time; the status says how many there are in all and
  // a button under the list shows the next ones.
  var PAGE_SIZE = 20;
  var found = [];

  function resultItem(page) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = new URL(page[0], siteRoot).href;
    link.textContent = page[1];
    var year = /^(\d{4})\//.exec(page[0]);
    if (year && page[1].indexOf(year[1]) < 0) {
      var where = document.createElement("span");
      where.className = "oit-search-where";
      where.textContent = digits("ปี " + year[1]);
      link.appendChild(document.createTextNode(" "));
      link.appendChild(where);
    }
    item.appendChild(link);
    return item;
  }

  function showMore() {
    var shown = list.children.length;
    var next = found.slice(shown, shown + PAGE_SIZE);
    next.forEach(function (page) { list.appendChild(resultItem(page)); });
    shown += next.length;
    var rest = found.length - shown;
    if (rest > 0) {
      setStatus("พบ " + found.length + " หน้า · แสดง " + shown + " หน้าแรก");
      more.textContent = digits("แสดงผลเพิ่มอีก " + Math.min(PAGE_SIZE, rest) + " หน้า (ยังมีอีก " + rest + " หน้า)");
      more.hidden = false;
    } else {
      setStatus("พบ " + found.length + " หน้า");
      more.hidden = true;
    }
    return next.length;
  }

  function show(query) {
    if (!normalize(query).trim()) {
      list.textContent = ""; found = []; if (more) more.hidden = true;
      setStatus("พิมพ์คำค้น เช่น ชื่อรายการ รหัสข้อ (O19) หรือปี"); return;
    }
    load().then(function (index) {
      if (input.value !== query) return;
      found = search(query, index);
      list.textContent = "";
      if (found.length) showMore();
      else { if (more) more.hidden = true; status.textContent = "ไม่พบหน้าที่ตรงกับ “" + query + "”"; }
    });
  }

  opener.addEventListener("click", function () {
    dialog.showModal();
    input.focus();
    load();
    show(input.value);
  });
  closer.addEventListener("click", function () { dialog.close(); });
  if (more) {
    more.addEventListener("click", function () {
      var first = list.children.length;
      if (showMore() && list.children[first]) list.children[first].querySelector("a").focus();
    });
  }
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 120);
  });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; opener.click(); }
})();
