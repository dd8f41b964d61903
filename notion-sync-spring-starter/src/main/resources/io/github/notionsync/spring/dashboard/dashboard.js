// notion-sync dashboard: charts, live progress, sync buttons and search on top of the server-rendered page.
// Plain browser JavaScript, no build step; text from the server is only ever set as textContent.
(function () {
  'use strict';

  var api = document.body.getAttribute('data-api') || '/api/notion';
  var live = document.getElementById('live');
  var table = document.getElementById('databases');
  var runs = {}; // database id -> {changed}: the database's running sync

  function say(text) {
    if (live) {
      live.textContent = text;
    }
  }

  function row(databaseId) {
    return table ? table.querySelector('tr[data-database-id="' + CSS.escape(databaseId || '') + '"]') : null;
  }

  function cell(tr, field) {
    return tr ? tr.querySelector('[data-field="' + field + '"]') : null;
  }

  function databaseName(tr) {
    var th = tr && tr.querySelector('th');
    return th ? th.firstChild.textContent : 'all databases';
  }

  function add(tr, field, delta) {
    var c = cell(tr, field);
    if (c) {
      c.textContent = String(Math.max(0, (parseInt(c.textContent, 10) || 0) + delta));
    }
  }

  function age(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min'; }
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function utc(iso) {
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function setTime(c, iso) {
    if (!c) { return; }
    c.textContent = '';
    var t = document.createElement('time');
    t.dateTime = iso;
    t.textContent = utc(iso);
    c.appendChild(t);
  }

  function refreshLag() {
    if (!table) { return; }
    table.querySelectorAll('[data-field=lag][data-since]').forEach(function (c) {
      c.textContent = age((Date.now() - Date.parse(c.getAttribute('data-since'))) / 1000);
    });
  }

  // Live progress from the change feed.
  function onChange(e) {
    var ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    var tr = row(ev.database_id);
    var progress = cell(tr, 'progress');
    switch (ev.type) {
      case 'run_started':
        runs[ev.database_id] = { changed: 0 };
        if (tr) { tr.classList.add('running'); }
        if (progress) { progress.textContent = ev.full_pass ? 'Full pass running…' : 'Syncing…'; }
        say('Sync of ' + (ev.title || databaseName(tr)) + ' started');
        break;
      case 'page_inserted':
      case 'page_updated':
      case 'page_deleted':
      case 'page_restored':
        if (ev.type === 'page_inserted') { add(tr, 'pages', 1); }
        if (ev.type === 'page_deleted') { add(tr, 'pages', -1); add(tr, 'deleted', 1); }
        if (ev.type === 'page_restored') { add(tr, 'pages', 1); add(tr, 'deleted', -1); }
        if (tr) { tr.classList.add('updated'); }
        var run = runs[ev.database_id];
        var n = run ? ++run.changed : null;
        if (progress) {
          progress.textContent = (n ? n + (n === 1 ? ' change' : ' changes') + ' so far, last: ' : '')
            + ev.type.replace('page_', '') + ' “' + (ev.title || '') + '”';
        }
        break;
      case 'run_progress':
        if (progress) {
          progress.textContent = (ev.pages_seen || 0) + ' pages read so far: ' + (ev.inserted || 0) + ' new, '
            + (ev.updated || 0) + ' changed, ' + (ev.unchanged || 0) + ' unchanged';
        }
        break;
      case 'run_finished':
        delete runs[ev.database_id];
        if (tr) {
          tr.classList.remove('running');
          var outcome = cell(tr, 'outcome');
          outcome.textContent = ev.outcome;
          outcome.className = ev.outcome === 'SUCCESS' ? 'ok' : ev.outcome === 'FAILED' ? 'bad' : 'warn';
          setTime(cell(tr, 'last-run'), ev.at);
          var lag = cell(tr, 'lag');
          lag.setAttribute('data-since', ev.at);
        }
        if (progress) {
          progress.textContent = 'Done: ' + (ev.inserted || 0) + ' new, ' + (ev.updated || 0) + ' changed, '
            + (ev.deleted || 0) + ' deleted in ' + ((ev.duration_ms || 0) / 1000).toFixed(1) + ' s';
        }
        refreshLag();
        say('Sync of ' + (ev.title || databaseName(tr)) + ' ended: ' + ev.outcome);
        loadStats();
        break;
    }
  }

  function listen() {
    if (!window.EventSource || !table) { return; }
    var source = new EventSource(api + '/events');
    source.onmessage = onChange;
    source.onopen = function () { document.body.setAttribute('data-live', 'on'); };
    source.onerror = function () { document.body.setAttribute('data-live', 'reconnecting'); };
  }

  // "Sync now" and "Full pass": the REST endpoint, as JSON from this origin.
  function sync(button) {
    var database = button.getAttribute('data-database-id');
    var fullPass = button.getAttribute('data-full-pass') === 'true';
    var name = database ? databaseName(row(database)) : 'all databases';
    var body = { full_pass: fullPass };
    if (database) { body.database_id = database; }
    button.disabled = true;
    say((fullPass ? 'Full pass of ' : 'Syncing ') + name + '…');
    fetch(api + '/sync-to-postgres', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (r.ok) {
          say('Synced ' + name + ': ' + (json.outcome || 'done'));
        } else {
          say('Could not sync ' + name + ': ' + (json.message || r.status));
        }
      });
    }).catch(function (err) {
      say('Could not sync ' + name + ': ' + err.message);
    }).then(function () {
      button.disabled = false;
    });
  }

  document.querySelectorAll('button.sync').forEach(function (b) {
    b.addEventListener('click', function () { sync(b); });
  });

  // Charts of the last 24 hours or 7 days.
  var windowName = '24h';
  var charts = {};

  function width(el) {
    return Math.max(280, Math.min(720, (el.clientWidth || 420) - 10));
  }

  function draw(id, data, series, opts) {
    var el = document.getElementById('chart-' + id);
    if (!el || !window.uPlot) { return; }
    if (charts[id]) { charts[id].destroy(); }
    var o = {
      width: width(el),
      height: 200,
      // Half a bucket of room on both sides, so that the first and last bars are whole.
      scales: { x: { time: true, range: function (u, min, max) {
        var half = data[0].length > 1 ? (data[0][1] - data[0][0]) / 2 : 1800;
        return [min - half, max + half];
      } } },
      series: [{}].concat(series),
      axes: [{}, { size: 60 }],
      legend: { live: false }
    };
    if (opts && opts.bars) {
      // Several series side by side within their bucket.
      var n = series.length;
      series.forEach(function (s, i) {
        s.paths = uPlot.paths.bars(n === 1 ? { size: [0.7, 40] } : { size: [0.7 / n, 20], align: i === 0 ? -1 : 1 });
        s.points = { show: false };
      });
    }
    charts[id] = new uPlot(o, data, el);
    el.setAttribute('data-points', String(data[0].length));
  }

  function loadStats() {
    if (!document.getElementById('chart-pages')) { return; }
    fetch(api + '/sync/stats?window=' + encodeURIComponent(windowName), {
      credentials: 'same-origin', headers: { 'Accept': 'application/json' }
    }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    }).then(function (stats) {
      var b = stats.buckets;
      var x = b.map(function (s) { return Date.parse(s.start) / 1000; });
      function col(f) { return b.map(function (s) { return s[f]; }); }
      function secs(f) { return b.map(function (s) { return s[f] / 1000; }); }
      draw('pages', [x, col('pages_seen'), col('pages_changed')],
        [{ label: 'read', stroke: '#1a5fd0', fill: 'rgba(26,95,208,.15)' },
          { label: 'changed', stroke: '#17632a', fill: 'rgba(23,99,42,.15)' }], { bars: true });
      draw('requests', [x, col('requests')], [{ label: 'requests', stroke: '#7a3db8', fill: 'rgba(122,61,184,.15)' }],
        { bars: true });
      draw('durations', [x, secs('avg_duration_ms'), secs('max_duration_ms')],
        [{ label: 'mean s', stroke: '#1a5fd0' }, { label: 'longest s', stroke: '#c05a00', dash: [4, 4] }]);
      draw('errors', [x, col('errors')], [{ label: 'errors', stroke: '#a11', fill: 'rgba(170,17,17,.15)' }],
        { bars: true });
      document.body.setAttribute('data-charts', windowName);
    }).catch(function (err) {
      say('The charts could not be loaded: ' + err.message);
    });
  }

  document.querySelectorAll('button.window').forEach(function (b) {
    b.addEventListener('click', function () {
      windowName = b.getAttribute('data-window');
      document.querySelectorAll('button.window').forEach(function (o) {
        o.setAttribute('aria-pressed', String(o === b));
      });
      loadStats();
    });
  });

  // Search without reload (the form works without JavaScript too).
  var form = document.getElementById('search');
  var results = document.getElementById('results');
  if (form && results) {
    form.addEventListener('submit', function (e) {
      var q = form.querySelector('input[name=q]').value.trim();
      if (!q) { return; }
      e.preventDefault();
      fetch(api + '/search?limit=20&q=' + encodeURIComponent(q), {
        credentials: 'same-origin', headers: { 'Accept': 'application/json' }
      }).then(function (r) { return r.json(); }).then(function (json) {
        results.textContent = '';
        var hits = json.results || [];
        if (!hits.length) {
          var p = document.createElement('p');
          p.textContent = 'Nothing found for “' + q + '”.';
          results.appendChild(p);
          return;
        }
        var ol = document.createElement('ol');
        ol.className = 'hits';
        hits.forEach(function (h) {
          var li = document.createElement('li');
          var title = h.title || '(untitled)';
          if (h.url && /^https?:\/\//.test(h.url)) {
            var a = document.createElement('a');
            a.href = h.url;
            a.rel = 'noopener noreferrer';
            a.textContent = title;
            li.appendChild(a);
          } else {
            li.appendChild(document.createTextNode(title));
          }
          var small = document.createElement('small');
          small.textContent = ' ' + (h.kind || '');
          li.appendChild(small);
          if (h.snippet) {
            li.appendChild(document.createElement('br'));
            li.appendChild(document.createTextNode(h.snippet));
          }
          ol.appendChild(li);
        });
        results.appendChild(ol);
        if (window.history && history.replaceState) {
          history.replaceState(null, '', '?q=' + encodeURIComponent(q));
        }
      }).catch(function (err) {
        results.textContent = 'Search failed: ' + err.message;
      });
    });
  }

  loadStats();
  listen();
  refreshLag();
  setInterval(refreshLag, 15000);
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      var el = document.getElementById('chart-' + id);
      charts[id].setSize({ width: width(el), height: 200 });
    });
  });
}());
