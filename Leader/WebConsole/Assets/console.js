// The console's one script (served by the leader; the Content-Security-Policy allows no other).
// Live convergence: the table body is rebuilt from server-sent events, with textContent only (no HTML is parsed).
(() => {
  'use strict';
  const table = document.getElementById('convergence');
  if (!table || !window.EventSource) {
    return;
  }

  const classes = [null, null, 'applied', 'current', null, 'state', 'wave', null, null, null, null];
  const source = new EventSource(table.dataset.live);
  source.addEventListener('convergence', (event) => {
    const data = JSON.parse(event.data);
    const summary = document.getElementById('summary');
    if (data.error) {
      summary.textContent = data.error;
      return;
    }

    summary.textContent = data.total === 0 ? 'no followers declared' : `${data.converged} of ${data.total} followers converged`;
    const rows = data.followers.map((f) => {
      const row = document.createElement('tr');
      row.dataset.follower = f.id;
      row.className = f.converged ? 'converged' : 'behind';
      [f.id, f.role, f.applied, f.current, f.lag, f.state, f.wave, f.updated, f.lastRestart, f.compose, f.error].forEach((value, i) => {
        const cell = document.createElement('td');
        if (classes[i]) {
          cell.className = classes[i];
        }
        cell.textContent = value === null || value === undefined ? '' : String(value);
        row.appendChild(cell);
      });
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
  });
})();
