// Quant.Orleans dashboard: one EventSource on /dashboard/api/stream (a snapshot per sampling interval), inline SVG
// charts, the risk engine from GET /api/risk and the kill switch POST /api/risk/kill. No external code.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const token = params.get('access_token') || '';
  const tokenQuery = token ? '?access_token=' + encodeURIComponent(token) : '';
  const $ = (id) => document.getElementById(id);
  let access = { loopbackClient: true, tokenRequired: false };
  let riskBusy = false;
  let trainingBusy = false;
  let trainingMessage = ''; // the answer of the last "Train now", shown under the training table
  let rolloutBusy = false;

  const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const nf2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const money = (v) => v === null || v === undefined ? '–' : nf2.format(v);
  const num = (v, d) => v === null || v === undefined ? '–' : (d ? v.toFixed(d) : nf0.format(v));
  const pct = (v) => v === null || v === undefined ? '–' : (100 * v).toFixed(1) + '%';
  const signed = (el, v) => { el.classList.toggle('pos', v > 0); el.classList.toggle('neg', v < 0); };
  const time = (iso) => iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '–';
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const rows = (id, list, cells) => { $(id).innerHTML = list.map((x) => '<tr>' + cells(x).map((c) => '<td>' + c + '</td>').join('') + '</tr>').join(''); };
  const bytes = (b) => (b / 1048576).toFixed(1) + ' MiB';
  const duration = (s) => { s = Math.floor(s); const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60); return h + 'h ' + m + 'm ' + (s % 60) + 's'; };

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (token) { h.Authorization = 'Bearer ' + token; }
    return h;
  }

  // A line chart as an SVG string. series: [{points: [[x, y]...], color}], markers: [{x, y, color, shape}].
  function chart(series, markers, height) {
    const w = 600, h = height, padL = 58, padR = 8, padT = 8, padB = 18;
    const all = series.flatMap((s) => s.points).concat((markers || []).map((m) => [m.x, m.y]));
    if (all.length === 0) { return '<svg viewBox="0 0 ' + w + ' ' + h + '"><text x="' + (w / 2) + '" y="' + (h / 2) + '" fill="#8a96a3" text-anchor="middle">no data yet</text></svg>'; }
    let x0 = Math.min(...all.map((p) => p[0])), x1 = Math.max(...all.map((p) => p[0]));
    let y0 = Math.min(...all.map((p) => p[1])), y1 = Math.max(...all.map((p) => p[1]));
    if (x1 === x0) { x1 = x0 + 1; }
    if (y1 === y0) { y0 -= 1; y1 += 1; }
    const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    const sx = (x) => padL + (x - x0) / (x1 - x0) * (w - padL - padR);
    const sy = (y) => padT + (1 - (y - y0) / (y1 - y0)) * (h - padT - padB);
    let out = '<svg viewBox="0 0 ' + w + ' ' + h + '" preserveAspectRatio="none">';
    for (let i = 0; i <= 4; i++) {
      const y = y0 + (y1 - y0) * i / 4;
      out += '<line x1="' + padL + '" x2="' + (w - padR) + '" y1="' + sy(y) + '" y2="' + sy(y) + '" stroke="#2a323c" stroke-width="0.5"/>';
      out += '<text x="' + (padL - 4) + '" y="' + (sy(y) + 3) + '" fill="#8a96a3" font-size="10" text-anchor="end">' + (Math.abs(y1 - y0) < 10 ? y.toFixed(2) : nf0.format(y)) + '</text>';
    }
    out += '<text x="' + padL + '" y="' + (h - 4) + '" fill="#8a96a3" font-size="10">' + time(new Date(x0).toISOString()) + '</text>';
    out += '<text x="' + (w - padR) + '" y="' + (h - 4) + '" fill="#8a96a3" font-size="10" text-anchor="end">' + time(new Date(x1).toISOString()) + '</text>';
    for (const s of series) {
      if (s.points.length === 0) { continue; }
      const d = s.points.map((p, i) => (i ? 'L' : 'M') + sx(p[0]).toFixed(1) + ' ' + sy(p[1]).toFixed(1)).join('');
      out += '<path d="' + d + '" fill="none" stroke="' + s.color + '" stroke-width="1.3" vector-effect="non-scaling-stroke"/>';
    }
    for (const m of markers || []) {
      const x = sx(m.x), y = sy(m.y);
      if (m.shape === 'up') { out += '<path d="M' + x + ' ' + (y - 6) + 'l5 9h-10z" fill="' + m.color + '"/>'; }
      else if (m.shape === 'down') { out += '<path d="M' + x + ' ' + (y + 6) + 'l5 -9h-10z" fill="' + m.color + '"/>'; }
      else { out += '<circle cx="' + x + '" cy="' + y + '" r="2.5" fill="' + m.color + '"/>'; }
    }
    return out + '</svg>';
  }

  function renderGrid(g) {
    rows('silos', g.silos, (s) => [esc(s.name), esc(s.address), esc(s.hostName), '<span class="state-' + esc(s.status) + '">' + esc(s.status) + '</span>', duration(s.uptimeSeconds), num(s.activations)]);
    const p = g.process;
    $('process-name').textContent = p.name + ' · ' + p.processorCount + ' cores';
    rows('process', [p], (x) => [duration(x.uptimeSeconds), x.cpuPercent === null ? '–' : x.cpuPercent.toFixed(1) + '%', bytes(x.workingSetBytes), bytes(x.gcHeapBytes),
      x.gen0Collections + '/' + x.gen1Collections + '/' + x.gen2Collections, x.gcPauseTimePercent.toFixed(2) + '%', num(x.threadPoolThreads), num(x.activations)]);
    rows('grain-types', g.grainTypes, (t) => [esc(t.grainType), num(t.activations), num(t.silos)]);
    $('grain-total-activations').textContent = num(g.grainTypes.reduce((a, t) => a + t.activations, 0));
    const req = g.requests;
    $('grain-total-calls').textContent = num(req.calls);
    $('calls-per-second').textContent = num(req.callsPerSecond, 1);
    $('calls-p50').textContent = num(req.p50Micros, 1);
    $('calls-p99').textContent = num(req.p99Micros, 1);
    $('calls-timeouts').textContent = num(req.timeouts);
    $('calls-canceled').textContent = num(req.canceled);
    rows('storage', g.storage, (s) => [esc(s.provider), esc(s.state), esc(s.operation), num(s.count), num(s.errors), num(s.p50Micros, 1), num(s.p99Micros, 1)]);
    $('storage-errors').textContent = num(g.storageErrors);
    const m = g.messaging;
    rows('messaging', [m], (x) => [num(x.sentMessages), bytes(x.sentBytes), num(x.receivedMessages), bytes(x.receivedBytes), num(x.localMessages), num(x.rejected), num(x.rerouted), num(x.expired), num(x.dropped), num(x.failedSends)]);
    const q = g.quarantine;
    $('quarantine-total').textContent = q ? num(q.total) : '–';
    $('events-delivered').textContent = q ? num(q.eventsDelivered) : '–';
    rows('quarantine', q ? q.reasons : [], (r) => [esc(r.reason), num(r.count)]);
  }

  function renderTrading(t) {
    $('account').textContent = t.account;
    $('market-time').textContent = time(t.marketTime);
    const p = t.portfolio;
    for (const [id, v] of [['equity', p && p.equity], ['pnl', p && p.pnl], ['cash', p && p.cash], ['realized', p && p.realizedPnl], ['unrealized', p && p.unrealizedPnl], ['fees', p && p.fees]]) {
      $(id).textContent = money(v);
      if (id === 'pnl' || id === 'realized' || id === 'unrealized') { signed($(id), v || 0); }
    }
    $('order-fill-count').textContent = p ? p.orderCount + ' / ' + p.fillCount : '–';
    $('risk-rejections').textContent = p ? num(p.riskRejections) : '–';
    const curve = t.pnlCurve.map((c) => [Date.parse(c.time), c.pnl]);
    $('pnl-chart').innerHTML = chart([{ points: curve, color: '#58a6ff' }], [], 180);
    $('pnl-points').textContent = String(t.pnlCurve.length);
    $('pnl-last-time').textContent = t.pnlCurve.length ? time(t.pnlCurve[t.pnlCurve.length - 1].time) : '–';
    rows('positions', p ? p.positions : [], (x) => [esc(x.symbol), num(x.quantity), money(x.averageCost), money(x.mark), money(x.unrealizedPnl), money(x.realizedPnl), money(x.fees)]);
    $('symbols').innerHTML = t.symbols.map((s) => {
      const mid = s.series.map((q) => [Date.parse(q.time), q.mid]);
      const filtered = s.series.filter((q) => q.filtered !== null).map((q) => [Date.parse(q.time), q.filtered]);
      const from = mid.length ? mid[0][0] : -Infinity;
      const marks = s.signalMarks.filter((m) => Date.parse(m.time) >= from).map((m) => ({
        x: Date.parse(m.time), y: m.mid,
        color: m.verdict === 'signal' ? (m.expectedLogReturn >= 0 ? '#3fb950' : '#f85149') : '#8a96a3',
        shape: m.verdict === 'signal' ? (m.expectedLogReturn >= 0 ? 'up' : 'down') : 'dot',
      }));
      return '<div class="symbol" data-symbol="' + esc(s.symbol) + '"><h3>' + esc(s.symbol) + ' <span class="note">mid ' + num(s.lastMid, 3) + ' · filtered ' + num(s.filteredMid, 3) +
        ' · quotes ' + num(s.quotes) + ' · signals ' + num(s.signals) + '</span></h3>' +
        chart([{ points: mid, color: '#d7dde4' }, { points: filtered, color: '#d29922' }], marks, 160) +
        '<div class="legend"><i style="background:#d7dde4"></i>mid<i style="background:#d29922"></i>filtered level<i style="background:#3fb950"></i>buy/sell signal<i style="background:#8a96a3"></i>blocked candidate</div></div>';
    }).join('');
    rows('models', t.symbols, (s) => [esc(s.symbol), esc(s.modelVersion), esc(s.regime ? s.regime.gate + (s.regime.fittedDay ? ' (' + s.regime.fittedDay + ')' : ' (not fitted)') : '–'),
      s.regime && s.regime.lastPassed !== null ? '<span title="' + esc(s.regime.lastReason) + '" class="' + (s.regime.lastPassed ? 'pos' : 'neg') + '">' + (s.regime.lastPassed ? 'open' : 'blocked') + ' ' + num(s.regime.lastValue, 3) + '</span>' : '–',
      pct(s.judgePassRate)]);
    const j = t.judge;
    document.getElementById('judge-rule').textContent = j
      ? 'Judge: ' + j.profile + ' profile, ' + j.rule + (j.version ? ' · ' + j.version + ' (out-of-fold AUC ' + num(j.outOfFoldAuc, 3) + ')' : '')
      : '';
    rows('judge-importance', j ? j.importance : [], (i) => [esc(i.feature), pct(i.share)]);
    rows('orders', t.orders, (o) => [esc(o.clOrdId), time(o.sentTime), esc(o.symbol), esc(o.side), esc(o.ordType), num(o.quantity), o.limitPrice === null ? '' : money(o.limitPrice),
      esc(o.ordStatus), num(o.cumQty), o.avgPx ? money(o.avgPx) : '', esc(o.origin), esc(o.text)]);
    rows('fills', t.fills, (f) => [esc(f.execId), esc(f.clOrdId), time(f.time), esc(f.symbol), esc(f.side), num(f.lastQty), money(f.lastPx), money(f.fee)]);
  }

  // The training runs of the model families (GET /api/training): state, step i of n, epoch, loss and ETA.
  async function refreshTraining() {
    if (trainingBusy) { return; }
    trainingBusy = true;
    try {
      const r = await fetch('/api/training', { headers: headers(), cache: 'no-store' });
      if (!r.ok) { $('training-body').innerHTML = '<p class="note">GET /api/training answered ' + r.status + '.</p>'; return; }
      const t = await r.json();
      $('training-body').innerHTML = '<p class="note">Nightly run ' + (t.nightlyEnabled ? 'on, next ' + esc(t.nextNightlyUtc || '–') : 'off') + '</p>' +
        '<table><thead><tr><th>Family</th><th>State</th><th>Step</th><th>Epoch</th><th>Loss</th><th>ETA</th><th>Note</th><th></th></tr></thead><tbody>' +
        t.families.map((f) => {
          const p = f.progress;
          return '<tr><td>' + esc(f.family) + '</td><td id="training-state-' + esc(f.family) + '">' + esc(f.state) + '</td><td>' +
            (f.stepCount ? Math.min(f.stepIndex + 1, f.stepCount) + '/' + f.stepCount + ' ' + esc(f.step || '') : '–') + '</td><td>' +
            (p && p.epochCount ? p.epoch + '/' + p.epochCount : '–') + '</td><td>' + (p && p.loss !== null && isFinite(p.loss) ? num(p.loss, 4) : '–') + '</td><td>' +
            (p && p.etaSeconds !== null ? num(p.etaSeconds, 0) + ' s' : '–') + '</td><td>' + esc(f.error || (p ? p.message : '') || '') + '</td><td>' +
            (f.state === 'Running' ? '' : '<button class="train-now" id="train-now-' + esc(f.family) + '" data-family="' + esc(f.family) + '">Train now</button>') + '</td></tr>';
        }).join('') + '</tbody></table>';
      if (trainingMessage) { $('training-result').textContent = trainingMessage; }
    } catch (e) {
      $('training-body').innerHTML = '<p class="note">GET /api/training failed: ' + esc(e.message) + '</p>';
    } finally {
      trainingBusy = false;
    }
  }

  // "Train now" on a family's row: POST /api/training/{family}/run (the same as `quant train now --family`), then the
  // panel is read again.
  document.addEventListener('click', async (e) => {
    const button = e.target.closest ? e.target.closest('button.train-now') : null;
    if (!button) { return; }
    const family = button.dataset.family;
    button.disabled = true;
    try {
      const r = await fetch('/api/training/' + encodeURIComponent(family) + '/run', { method: 'POST', headers: headers(), cache: 'no-store' });
      const body = await r.json().catch(() => ({}));
      trainingMessage = r.ok ? 'Started ' + family + ': ' + (body.state || '') : 'Train now refused (' + r.status + '): ' + (body.error || '');
    } catch (err) {
      trainingMessage = 'Train now failed: ' + err.message;
    }
    await refreshTraining();
  });

  // The staged rollout (GET /api/rollout, then GET /api/rollout/{family} and the family's last 10 journal lines from
  // GET /api/models/{family}/journal?last=10): assignment, monitored versions, the rules' latest decisions.
  async function refreshRollout() {
    if (rolloutBusy) { return; }
    rolloutBusy = true;
    const body = $('rollout-body');
    try {
      const o = await fetch('/api/rollout', { headers: headers(), cache: 'no-store' });
      if (!o.ok) { body.innerHTML = '<p class="note">GET /api/rollout answered ' + o.status + '.</p>'; return; }
      const overview = await o.json();
      if (!overview.enabled) {
        body.innerHTML = '<p>Rollout <b id="rollout-state" class="state-off">off</b></p>' +
          '<p class="note">The rollout is not enabled on this silo (Strategy:Rollout:Enabled): the symbols serve the configured student or the ridge baseline.</p>';
        return;
      }
      const family = encodeURIComponent(overview.family);
      const [r, j] = await Promise.all([
        fetch('/api/rollout/' + family, { headers: headers(), cache: 'no-store' }),
        fetch('/api/models/' + family + '/journal?last=10', { headers: headers(), cache: 'no-store' }),
      ]);
      if (!r.ok) {
        const e = await r.json().catch(() => ({}));
        body.innerHTML = '<p class="note">GET /api/rollout/' + esc(overview.family) + ' answered ' + r.status + ': ' + esc(e.error || '') + '</p>';
        return;
      }
      const s = await r.json();
      const a = s.assignment;
      const journal = j.ok ? (await j.json()).transitions : [];
      const decisions = s.decisions.slice(-10);
      body.innerHTML = '<p>Rollout <b id="rollout-state" class="state-on">on</b> · family ' + esc(a.family) + ' · generation ' + num(a.generation) + '</p>' +
        '<p>Live <b id="rollout-live">' + esc(a.live || 'none') + '</b> · canary <b id="rollout-canary">' + esc(a.canary || 'none') + '</b>' +
        (a.canary ? ' (' + pct(a.canaryShare) + ' of symbols)' : '') + ' · shadow <b id="rollout-shadow">' + esc(a.shadow || 'none') + '</b></p>' +
        '<table><thead><tr><th>Version</th><th>Stage</th><th>Predictions</th><th>Symbols</th><th>Sent/rejected</th><th>Fills</th><th>Slippage bp</th><th>Shadow orders</th><th>Shadow P&amp;L</th><th>Gates</th><th>Reference</th></tr></thead>' +
        '<tbody id="rollout-versions">' + s.versions.map((v) => '<tr data-version="' + esc(v.version) + '"><td>' + esc(v.version) + '</td><td class="stage">' + esc(v.stage) + '</td><td>' + num(v.predictions) + '</td><td>' +
          esc(v.symbols.join(', ') || '–') + '</td><td>' + num(v.ordersSent) + '/' + num(v.ordersRejected) + '</td><td>' + num(v.fills) + '</td><td>' + num(v.meanSlippageBp, 2) + '</td><td>' +
          num(v.shadowOrders) + '</td><td>' + money(v.shadowProfitAndLoss) + '</td><td>' + (v.gatePasses.length ? v.gatePasses.filter((g) => g).length + '/' + v.gatePasses.length + ' passed' : '–') + '</td><td>' +
          (v.hasReference ? 'yes' : 'no') + '</td></tr>').join('') + '</tbody></table>' +
        '<h3>Latest decisions</h3>' + (decisions.length === 0 ? '<p class="note" id="rollout-decisions">no decision yet</p>' :
          '<table><thead><tr><th>Time</th><th>Version</th><th>Action</th><th>Applied</th><th>Detail</th></tr></thead><tbody id="rollout-decisions">' +
          decisions.map((d) => '<tr><td>' + time(d.timeUtc) + '</td><td>' + esc(d.version) + '</td><td>' + esc(d.action) + '</td><td>' + (d.applied ? 'yes' : 'no') + '</td><td class="text">' + esc(d.detail) + '</td></tr>').join('') + '</tbody></table>') +
        '<h3>Journal <span class="note">last ' + journal.length + ' lines</span></h3>' +
        '<table><thead><tr><th>#</th><th>Time</th><th>Version</th><th>Change</th><th>Action</th><th>Actor</th><th>Manual</th><th>Reason</th></tr></thead><tbody id="rollout-journal">' +
        journal.map((t) => '<tr data-sequence="' + t.sequence + '"><td>' + t.sequence + '</td><td>' + time(t.timeUtc) + '</td><td>' + esc(t.version) + '</td><td>' + esc((t.from || '–') + ' → ' + t.to) + '</td><td>' +
          esc(t.action) + '</td><td>' + esc(t.actor) + '</td><td>' + (t.manual ? 'manual' : 'automatic') + (t.monitorOnlyOverride ? ', monitor-only override' : '') + '</td><td class="text">' + esc(t.reason) + '</td></tr>').join('') +
        '</tbody></table>' + (j.ok ? '' : '<p class="note">GET /api/models/' + esc(overview.family) + '/journal answered ' + j.status + '.</p>');
    } catch (e) {
      body.innerHTML = '<p class="note">GET /api/rollout failed: ' + esc(e.message) + '</p>';
    } finally {
      rolloutBusy = false;
    }
  }

  async function refreshRisk() {
    if (riskBusy) { return; }
    riskBusy = true;
    try {
      const r = await fetch('/api/risk', { headers: headers(), cache: 'no-store' });
      if (!r.ok) { $('risk-body').innerHTML = '<p class="note">GET /api/risk answered ' + r.status + '.</p>'; return; }
      const views = await r.json();
      const states = views.map((v) => v.state);
      const overall = states.length === 0 ? 'no accounts yet' : states.includes('Halted') ? 'HALTED' : states.includes('Quarantined') || states.includes('Unavailable') ? 'QUARANTINED' : states.includes('Reducing') ? 'REDUCING' : 'ACTIVE';
      $('risk-body').innerHTML = '<p>State: <b id="risk-state" class="state-' + overall + '">' + overall + '</b></p>' + views.map((v) => {
        const l = v.limits || {}, u = v.usage || {};
        const rej = Object.entries(v.rejections || {}).map(([k, n]) => esc(k) + ' ' + n).join(', ') || 'none';
        return '<table><tbody>' +
          '<tr><td>Account</td><td>' + esc(v.account) + ' <span class="state-' + esc(v.state) + '">' + esc(v.state) + '</span>' + (v.stateReason ? ' <span class="note">' + esc(v.stateReason) + '</span>' : '') + '</td></tr>' +
          '<tr><td>Max order qty / notional</td><td>' + num(l.maxOrderQuantity) + ' / ' + money(l.maxOrderNotional) + '</td></tr>' +
          '<tr><td>Price collar</td><td>' + num(l.priceCollarBps) + ' bps</td></tr>' +
          '<tr><td>Max position per symbol</td><td>' + num(l.maxPositionPerSymbol) + '</td></tr>' +
          '<tr><td>Gross exposure (limit)</td><td>' + money(u.grossExposure) + ' (' + money(l.maxGrossExposure) + ')</td></tr>' +
          '<tr><td>Equity (capital threshold)</td><td>' + money(u.equity) + ' (' + money(l.capitalThreshold) + ')</td></tr>' +
          '<tr><td>Orders last second (max)</td><td>' + num(u.ordersLastSecond) + ' (' + num(l.maxOrdersPerSecond) + ')</td></tr>' +
          '<tr><td>Working orders</td><td>' + num(u.workingOrders) + '</td></tr>' +
          '<tr><td>Restricted symbols</td><td>' + esc((l.restrictedSymbols || []).join(', ') || 'none') + '</td></tr>' +
          '<tr><td>Rejections</td><td>' + rej + '</td></tr></tbody></table>';
      }).join('');
    } catch (e) {
      $('risk-body').innerHTML = '<p class="note">GET /api/risk failed: ' + esc(e.message) + '</p>';
    } finally {
      riskBusy = false;
    }
  }

  function setupKillSwitch() {
    const dialog = $('kill-dialog');
    $('kill-button').addEventListener('click', () => {
      $('kill-token-row').hidden = !access.tokenRequired;
      if (token) { $('kill-token').value = token; }
      dialog.returnValue = '';
      dialog.showModal();
    });
    dialog.addEventListener('close', async () => {
      if (dialog.returnValue !== 'confirm') { return; }
      const h = { 'Content-Type': 'application/json' };
      const t = $('kill-token').value || token;
      if (t) { h.Authorization = 'Bearer ' + t; }
      try {
        const r = await fetch('/api/risk/kill', { method: 'POST', headers: h, body: JSON.stringify({ reason: $('kill-reason').value }) });
        const body = await r.json().catch(() => ({}));
        $('kill-result').textContent = r.ok
          ? 'Halted ' + (body.accounts || []).join(', ') + ': ' + body.ordersCanceled + ' orders cancelled; new orders blocked after ' + num(body.blockedMicros, 0) + ' µs.'
          : 'Kill switch refused (' + r.status + '): ' + (body.error || '');
      } catch (e) {
        $('kill-result').textContent = 'Kill switch failed: ' + e.message;
      }
      refreshRisk();
    });
  }

  function connect() {
    const source = new EventSource('/dashboard/api/stream' + tokenQuery);
    source.addEventListener('open', () => { $('connection').textContent = 'live'; $('connection').className = 'badge on'; });
    source.addEventListener('error', () => { $('connection').textContent = 'reconnecting…'; $('connection').className = 'badge off'; });
    source.addEventListener('snapshot', (e) => {
      const s = JSON.parse(e.data);
      if (s.error) { $('connection').textContent = s.error; return; }
      $('sequence').textContent = String(s.grid.sequence);
      $('updated').textContent = time(s.grid.time);
      renderGrid(s.grid);
      renderTrading(s.trading);
      refreshRisk();
      refreshTraining();
      refreshRollout();
    });
  }

  fetch('/dashboard/api/access' + tokenQuery, { headers: headers() }).then((r) => r.ok ? r.json() : access).then((a) => { access = a; }).catch(() => {});
  setupKillSwitch();
  connect();
})();
