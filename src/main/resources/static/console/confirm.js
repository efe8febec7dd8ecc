// A destructive action in two steps without window.confirm: the first button shows "Confirm …" and "Cancel".
import { h, put } from './ui.js';

/**
 * A button that asks again in place. onConfirm() may be async; while it runs both buttons are disabled, and if it
 * throws the first button comes back: the caller shows the problem before throwing.
 */
export function confirmButton({ label, confirmLabel, onConfirm, data = {}, accessibleName, small = true }) {
  const size = small ? ' small' : '';
  const box = h('span', { class: 'confirm-step' });
  const first = h('button', { type: 'button', class: `secondary${size}`, dataset: { ...data, action: 'ask' }, 'aria-label': accessibleName || null }, label);
  const sure = h('button', { type: 'button', class: `danger${size}`, dataset: { ...data, action: 'confirm' }, 'aria-label': accessibleName ? `${confirmLabel}: ${accessibleName.replace(/^[^:]*:\s*/, '')}` : null }, confirmLabel);
  const cancel = h('button', { type: 'button', class: `secondary${size}`, dataset: { ...data, action: 'cancel' } }, 'Cancel');
  const ask = () => {
    put(box, sure, cancel);
    sure.focus();
  };
  const back = () => {
    put(box, first);
    first.focus();
  };
  first.addEventListener('click', ask);
  cancel.addEventListener('click', back);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && box.contains(sure)) back();
  });
  sure.addEventListener('click', async () => {
    sure.disabled = true;
    cancel.disabled = true;
    try {
      await onConfirm();
    } catch (e) {
      sure.disabled = false;
      cancel.disabled = false;
      if (box.isConnected) back();
    }
  });
  put(box, first);
  return box;
}
