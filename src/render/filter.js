// The home page's filter: finds products, places and conditions by name
// (the site's own index, ask/find.js) and says so when nothing matches.
(function () {
  'use strict';
  var items = window.MSCDB_FIND;
  var input = document.getElementById('filter');
  if (!items || !input) { return; }
  var section = input.closest('section');
  section.hidden = false;
  var status = document.getElementById('filter-status');
  var list = document.getElementById('filter-results');
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  function norm(t) {
    return Array.from(String(t).normalize('NFKC')).filter(function (c) { return ALNUM.test(c); })
      .map(function (c) { return c.toLowerCase(); }).join('');
  }
  // A record too large for this list to hold its products
  // (render::html::FIND_PRODUCTS): a product is asked for by its name.
  var unlisted = window.MSCDB_FIND_PRODUCTS;
  function askProduct(text) {
    var a = document.createElement('a');
    a.textContent = 'ask about the product ' + text;
    a.href = 'ask.html?product=' + encodeURIComponent(text);
    status.appendChild(document.createTextNode(' This list leaves out the record\u2019s ' + unlisted + ' products: '));
    status.appendChild(a);
    status.appendChild(document.createTextNode(' by its name.'));
  }
  var keyed = items.map(function (it) { var parts = it[1].split('|'); return [it[0], parts[0], norm(parts[1]), it[2]]; });
  input.addEventListener('input', function () {
    var q = norm(input.value);
    list.textContent = '';
    if (!q) { status.textContent = ''; return; }
    var found = keyed.filter(function (k) { return k[2].indexOf(q) >= 0; });
    if (!found.length) {
      status.textContent = (unlisted ? 'No place or condition is called \u201c' : 'Nothing on this site is called \u201c') + input.value + '\u201d. ';
      var a = document.createElement('a');
      a.textContent = 'Ask about it';
      a.href = 'ask.html?for=' + encodeURIComponent(input.value);
      status.appendChild(a);
      status.appendChild(document.createTextNode(' (any ICD-10-CM disease name works there), or browse the places and conditions A\u2013Z.'));
      if (unlisted) { askProduct(input.value); }
      return;
    }
    status.textContent = found.length === 1 ? '1 match' : found.length + ' matches' + (found.length > 30 ? ', the first 30 shown' : '');
    if (unlisted) { status.appendChild(document.createTextNode('.')); askProduct(input.value); }
    found.slice(0, 30).forEach(function (k) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = k[0];
      a.textContent = k[1];
      li.appendChild(a);
      li.appendChild(document.createTextNode(' (' + k[3] + ')'));
      list.appendChild(li);
    });
  });
})();
