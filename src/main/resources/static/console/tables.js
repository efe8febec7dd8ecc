// Tables that become one card per row on a phone: each cell is labelled with its column's header (data-label),
// which the stylesheet shows before the cell under 720 px.
export function stackable(wrap) {
  const table = wrap.querySelector('table');
  if (!table) return wrap;
  table.classList.add('stack');
  const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  table.querySelectorAll('tbody tr').forEach((tr) => {
    [...tr.children].forEach((td, i) => {
      if (td.colSpan > 1) return;
      td.dataset.label = headers[i] || '';
    });
  });
  return wrap;
}
