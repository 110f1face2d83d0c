// The ask page: looks answers up in what `mscdb site` computed with the
// engine (ask/core.js and the name shards it loads). It decides nothing:
// it finds the names as the command line does (the same normalisation) and
// shows the stored answer. Everything is built with textContent.
(function () {
  'use strict';
  var A = window.MSCDB_ASK;
  if (!A) { return; }
  var H = A.placeholders;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  // mscdb_record::names::normalize: letters and digits, NFKC, lower case.
  function normalize(text) {
    var kept = Array.from(String(text)).filter(function (c) { return ALNUM.test(c); }).join('');
    return Array.from(kept.normalize('NFKC'))
      .filter(function (c) { return ALNUM.test(c); })
      .map(function (c) { return c.toLowerCase(); })
      .join('');
  }

  // A key's value in a map of names, never a property every object has
  // ("constructor").
  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  // site::ask::shard.
  function shard(norm) {
    var c = norm.charAt(0);
    return /^[A-Za-z0-9]$/.test(c) ? c.toLowerCase() : '_';
  }

  var loading = {};
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve) {
        var s = document.createElement('script');
        s.src = src;
        s.onload = function () { resolve(true); };
        s.onerror = function () { resolve(false); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }

  function diseaseNames(sh) {
    if (A.shards.indexOf(sh) < 0) { return Promise.resolve({}); }
    return load('ask/d-' + sh + '.js').then(function () { return (window.MSCDB_D || {})[sh] || {}; });
  }

  // Code-point order, the order of the record's normalised names (SQLite
  // compares their UTF-8 bytes); plain < compares UTF-16 units.
  function before(a, b) {
    var x = Array.from(a);
    var y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var p = x[i].codePointAt(0);
      var q = y[i].codePointAt(0);
      if (p !== q) { return p < q; }
    }
    return x.length < y.length;
  }

  // The product a normalised name names: looked up in the one shard of
  // names whose range holds it (site::ask::NAMES_PER_SHARD).
  function productId(norm) {
    var firsts = A.product_shards;
    var at = -1;
    for (var i = 0; i < firsts.length && !before(norm, firsts[i]); i++) { at = i; }
    if (!norm || at < 0) { return Promise.resolve(null); }
    return load('ask/n-' + at + '.js').then(function () {
      var names = (window.MSCDB_N || {})[at] || {};
      return own(names, norm) || null;
    });
  }

  function title(code) {
    var sh = shard(normalize(code));
    return load('ask/t-' + sh + '.js').then(function () { return ((window.MSCDB_T || {})[sh] || {})[code]; });
  }

  // The place's name, and as a sentence says it ("the Philippines").
  function placeName(code, inSentence) {
    for (var i = 0; i < A.places.length; i++) {
      if (A.places[i][0] === code) { return A.places[i][inSentence ? 2 : 1]; }
    }
    return code;
  }

  // answer::disease::resolve: an indication of the record first, then a disease name.
  function condition(text) {
    var norm = normalize(text);
    if (!norm) { return Promise.resolve(null); }
    var ids = own(A.names.indication, norm);
    if (ids) {
      ids = ids.slice().sort();
      var codes = [];
      ids.forEach(function (id) { codes = codes.concat(A.indications[id][1]); });
      return Promise.resolve({
        label: ids.map(function (id) { return A.indications[id][0]; }).join(' / '),
        codes: codes,
        cls: A.indications[ids[0]][2]
      });
    }
    return diseaseNames(shard(norm)).then(function (names) {
      var joined = own(names, norm);
      if (joined === undefined) { return null; }
      var codes = joined.split(';');
      var found = { label: String(text).trim(), codes: codes, cls: A.class_of[joined] || 0 };
      if (codes.length === 1 && normalize(codes[0]) === norm) {
        return title(codes[0]).then(function (t) {
          if (t) { found.label = t; }
          return found;
        });
      }
      return found;
    });
  }

  function fill(text, label, codes, place) {
    return String(text).split(H.label).join(label).split(H.codes).join(codes).split(H.place).join(place);
  }

  // The stored answer of `check [PRODUCT] [--in PLACE] [--for CONDITION]`.
  function ask(productText, placeText, conditionText) {
    var has = function (t) { return t !== undefined && t !== null && String(t).trim() !== ''; };
    var named = has(productText) ? productId(normalize(productText)) : Promise.resolve(null);
    return named.then(function (product) {
      if (has(productText) && !product) { return { error: 'product', text: String(productText) }; }
      var place = null;
      if (has(placeText)) {
        place = own(A.names.place, normalize(placeText)) || null;
        if (!place) { return { error: 'place', text: String(placeText) }; }
      }
      var wanted = has(conditionText) ? condition(conditionText) : Promise.resolve(undefined);
      return wanted.then(function (cond) { return stored(product, place, cond, conditionText); });
    });
  }

  // The stored answer, once the names are found.
  function stored(product, place, cond, conditionText) {
    if (cond === null) { return { error: 'condition', text: String(conditionText) }; }
    if (!product && !cond) { return { error: 'none', place: place }; }
    // A record too large for the page to hold every product's answers
    // (site::ask::ASK_PRODUCTS): the product's own page gives them.
    if (A.products_asked === false) { return { error: 'large', product: product, place: place }; }
    var byPlace;
    if (product && cond) {
      var pc = A.product_condition[product];
      byPlace = pc[1][pc[0][cond.cls]];
    } else if (product) {
      byPlace = A.product[product];
    } else {
      byPlace = A.condition[cond.cls];
    }
    // No decision of the question applies in a place that is not listed:
    // the shared answer, with that place's own caveats after it (site::ask).
    var t;
    var name = '';
    var extra = [];
    if (place === null) {
      t = byPlace['-'];
    } else if (byPlace.p[place] !== undefined) {
      t = byPlace.p[place];
    } else {
      t = byPlace.p[H.any_place];
      name = placeName(place, true);
      extra = A.place_caveats[place] || [];
    }
    var v = A.templates[t];
    var label = cond ? cond.label : '';
    var codes = cond ? cond.codes.join(', ') : '';
    var f = function (s) { return fill(s, label, codes, name); };
    var caveats = v[6].map(f);
    extra.forEach(function (c) { if (caveats.indexOf(c) < 0) { caveats.push(c); } });
    return {
      verdict: v[0],
      certain: v[1],
      headline: f(v[2]),
      evidence_headers: v[3],
      evidence: v[4].map(function (row) { return [row[0].map(f), row[1]]; }),
      lists: v[5].map(function (l) { return [l[0], l[1].map(f)]; }),
      caveats: caveats,
      product: product,
      place: place,
      condition: cond ? cond.label : null
    };
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function show(box, r, query) {
    box.textContent = '';
    box.removeAttribute('data-verdict');
    box.removeAttribute('data-certain');
    box.className = '';
    if (r.error) {
      var msg = {
        product: 'No product in the record is called \u2018' + r.text + '\u2019. The products A\u2013Z are on the home page.',
        place: 'No country or region in the record is called \u2018' + r.text + '\u2019. See the places A\u2013Z.',
        condition: 'Neither an indication of the record nor an ICD-10-CM name is called \u2018' + r.text + '\u2019. See the conditions A\u2013Z, or try its ICD-10-CM code.',
        none: 'Name a product or a disease (or both).',
        large: 'This record holds too many products for this page to carry its answers. The product\u2019s page gives what mscdb check answers for it; the place\u2019s page, for each product whose decisions apply there; the conditions A\u2013Z, for each condition.'
      }[r.error];
      box.appendChild(el('p', msg));
      if (r.error === 'large') {
        var lp = el('p', '');
        var la = el('a', r.product ? 'The product\u2019s page' : 'The conditions A\u2013Z');
        la.href = r.product ? 'products/' + r.product + '.html' : 'conditions.html';
        lp.appendChild(la);
        if (r.place) {
          lp.appendChild(document.createTextNode(' \u00b7 '));
          var lb = el('a', 'the place\u2019s page');
          lb.href = 'places/' + r.place + '.html';
          lp.appendChild(lb);
        }
        box.appendChild(lp);
      }
      if (r.error === 'none' && r.place) {
        var p = el('p', 'What applies in ' + placeName(r.place) + ': ');
        var a = el('a', 'its page');
        a.href = 'places/' + r.place + '.html';
        p.appendChild(a);
        box.appendChild(p);
      }
      return;
    }
    box.className = 'answer';
    box.setAttribute('data-verdict', r.verdict);
    box.setAttribute('data-certain', String(r.certain));
    var lead = el('p', null, 'lead');
    lead.appendChild(el('span', r.verdict, 'verdict'));
    lead.appendChild(document.createTextNode(': ' + r.headline));
    box.appendChild(lead);
    if (r.evidence.length) {
      var wrap = el('div', null, 'scroll');
      var table = el('table', null, 'stack');
      table.appendChild(el('caption', 'Evidence'));
      var head = el('tr');
      var headers = r.evidence_headers.concat(['Sources']);
      headers.forEach(function (h) { var th = el('th', h); th.scope = 'col'; head.appendChild(th); });
      var thead = el('thead');
      thead.appendChild(head);
      table.appendChild(thead);
      var body = el('tbody');
      r.evidence.forEach(function (row) {
        var tr = el('tr');
        row[0].concat([row[1].join(', ')]).forEach(function (cell, i) {
          var c = el(i === 0 ? 'th' : 'td', cell);
          if (i === 0) { c.scope = 'row'; } else { c.setAttribute('data-label', headers[i]); }
          tr.appendChild(c);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      wrap.appendChild(table);
      box.appendChild(wrap);
    }
    r.lists.forEach(function (l) {
      var p = el('p');
      p.appendChild(el('strong', l[0]));
      box.appendChild(p);
      var ul = el('ul');
      l[1].forEach(function (line) { ul.appendChild(el('li', line)); });
      box.appendChild(ul);
    });
    if (r.caveats.length) {
      var cp = el('p');
      cp.appendChild(el('strong', 'Caveats:'));
      box.appendChild(cp);
      var cu = el('ul');
      r.caveats.forEach(function (c) { cu.appendChild(el('li', c)); });
      box.appendChild(cu);
    }
    var share = el('p', 'Link to this answer: ');
    var link = el('a', 'ask.html' + query);
    link.href = 'ask.html' + query;
    share.appendChild(link);
    box.appendChild(share);
    var more = el('p', 'As of the record date, ' + A.record_date + '. The same answer on the command line: mscdb check' +
      (r.product ? ' ' + r.product : '') + (r.place ? ' --in ' + r.place : '') +
      (r.condition ? ' --for "' + r.condition + '"' : '') + ' --as-of ' + A.record_date);
    box.appendChild(more);
  }

  window.mscdbNormalize = normalize;
  window.mscdbAsk = ask;

  var params = new URLSearchParams(window.location.search);
  var fields = { product: 'product', in: 'in', for: 'for' };
  var given = false;
  Object.keys(fields).forEach(function (k) {
    var v = params.get(k);
    var input = document.getElementById(fields[k]);
    if (v && input) { input.value = v; given = true; }
  });
  var box = document.getElementById('answer');
  if (given && box) {
    var q = new URLSearchParams();
    ['product', 'in', 'for'].forEach(function (k) { if (params.get(k)) { q.set(k, params.get(k)); } });
    box.textContent = 'Looking it up\u2026';
    ask(params.get('product'), params.get('in'), params.get('for')).then(function (r) {
      show(box, r, '?' + q.toString());
      box.setAttribute('data-ready', 'true');
    });
  } else if (box) {
    box.setAttribute('data-ready', 'true');
  }
})();
