// Agent: every setting of /api/agent in one form, validated by the API and shown beside each field.
import { api } from '../api.js';
import { field, h, heading, notify, onSubmit, put, select } from '../ui.js';

const LANGUAGE_NAMES = {
  en: 'English', hi: 'Hindi', bn: 'Bengali', gu: 'Gujarati', kn: 'Kannada', ml: 'Malayalam', mr: 'Marathi', pa: 'Punjabi', ta: 'Tamil', te: 'Telugu', ur: 'Urdu',
};
const TOOL_NAMES = {
  lookup_order: 'Look up an order', create_return_request: 'File a return or refund request', escalate_to_human: 'Hand the call to a person', end_call: 'End the call',
};
const MODE_HELP = {
  pause_resume: 'Pause at once when the caller speaks; resume after a backchannel ("haan", "okay"), stop for a real interruption.',
  talk_through: 'Keep talking over short sounds; stop only for speech longer than a backchannel.',
  immediate: 'Stop at any speech over the agent.',
};

function checks(name, values, chosen, labels = {}) {
  return h(
    'div',
    { class: 'row', role: 'group' },
    values.map((value) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value, checked: chosen.includes(value) }), labels[value] || value)),
  );
}

function group(legend, name, ...children) {
  // the group's own error comes first, so that it is the one a problem naming the group fills
  return h('fieldset', { class: 'field', dataset: { field: name } }, h('legend', {}, legend), h('small', { class: 'field-error', hidden: true }), ...children);
}

function lines(text) {
  return String(text || '').split('\n').map((s) => s.trim()).filter(Boolean);
}

function words(text) {
  return String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
}

function integer(value) {
  return value === null || value === '' ? null : Number(value);
}

export async function render(main, { me }) {
  if (me.user.role === 'member') {
    put(main, heading('Agent'), h('p', { class: 'muted' }, 'Only owners and admins change the agent. You can try it with a test call.'), h('a', { class: 'button', href: '#/test-call' }, 'Make a test call'));
    return;
  }
  const [settings, options, company] = await Promise.all([api('/api/agent'), api('/api/agent/options'), api('/api/company')]);
  const t = settings.turnDetection;
  const form = h(
    'form',
    { novalidate: true, id: 'agent-form', 'aria-label': 'Agent settings' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'What the agent says'),
      field('Greeting', h('textarea', { name: 'greeting', rows: 2, maxlength: 1000 }, settings.greeting), 'The first thing callers hear.'),
      field('Instructions', h('textarea', { name: 'instructions', rows: 8 }, settings.instructions), 'How the agent behaves: tone, what it may and may not do.'),
      field('Business facts', h('textarea', { name: 'businessFacts', rows: 5 }, settings.businessFacts), 'Hours, policies, addresses: what it can tell callers.'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Voice and languages'),
      field('Voice', select('voice', options.voices.map((v) => [v, v]), settings.voice)),
      group('Languages (one to five; the first is the default)', 'languages', checks('languages', options.languages, settings.languages, LANGUAGE_NAMES)),
      field('Model', { name: 'model', value: settings.model, autocomplete: 'off' }),
      field('Longest call (seconds)', { name: 'maxCallSeconds', type: 'number', min: 60, max: 3600, value: settings.maxCallSeconds }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Turn detection'),
      field('Type', select('turnDetection.type', options.turnDetectionTypes.map((v) => [v, v === 'semantic_vad' ? 'By meaning (semantic_vad)' : 'By loudness (server_vad)']), t.type)),
      field('Eagerness (semantic_vad)', select('turnDetection.eagerness', options.eagerness.map((v) => [v, v]), t.eagerness)),
      field('Threshold (server_vad, 0 to 1)', { name: 'turnDetection.threshold', type: 'number', step: '0.05', min: 0, max: 1, value: t.threshold }),
      field('Audio kept before speech (ms)', { name: 'turnDetection.prefixPaddingMs', type: 'number', min: 0, max: 2000, value: t.prefixPaddingMs }),
      field('Silence that ends a turn (ms)', { name: 'turnDetection.silenceDurationMs', type: 'number', min: 100, max: 5000, value: t.silenceDurationMs }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Interruptions'),
      group(
        'When the caller speaks over the agent',
        'interruptions.mode',
        options.interruptionModes.map((mode) =>
          h('label', { class: 'check' }, h('input', { type: 'radio', name: 'interruptions.mode', value: mode, checked: settings.interruptions.mode === mode }), h('span', {}, h('strong', {}, mode.replace('_', ' ')), ' — ', MODE_HELP[mode] || '')),
        ),
      ),
      field('Resume after (ms, pause and resume)', { name: 'interruptions.resumeAfterMs', type: 'number', min: 200, max: 3000, value: settings.interruptions.resumeAfterMs }),
      field('Echo guard (ms)', { name: 'interruptions.echoGuardMs', type: 'number', min: 0, max: 1000, value: settings.interruptions.echoGuardMs }, 'Speech at the very start of each agent turn is taken for its own echo.'),
      group(
        'Backchannel words per language (comma-separated)',
        'backchannels',
        options.languages.filter((code) => settings.languages.includes(code) || (settings.backchannels || {})[code]).map((code) =>
          field(LANGUAGE_NAMES[code] || code, { name: `backchannels.${code}`, value: ((settings.backchannels || {})[code] || []).join(', '), dataset: { language: code } }),
        ),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Tools and hand-off'),
      group('Tools the agent may use', 'enabledTools', checks('enabledTools', options.tools, settings.enabledTools, TOOL_NAMES)),
      field('Order-status endpoint', { name: 'orderStatusUrl', type: 'url', value: settings.orderStatusUrl || '', placeholder: 'https://orders.example.com/status' }, 'Called when the agent looks up an order; requests are signed with the secret below.'),
      field(
        'Order-status secret',
        { name: 'orderStatusSecret', type: 'password', autocomplete: 'new-password', placeholder: settings.orderStatusSecretSet ? 'Set — leave empty to keep it' : 'Not set' },
        'Write-only: it is never shown again.',
      ),
      settings.orderStatusSecretSet
        ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'removeOrderStatusSecret' }), 'Remove the stored secret')
        : null,
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'handoffRules.onRequest', checked: settings.handoffRules.onRequest }), 'Hand to a person whenever the caller asks'),
      field('Topics that go to a person (one per line)', h('textarea', { name: 'handoffRules.topics', rows: 3 }, settings.handoffRules.topics.join('\n'))),
      field('Hand off after this many failed attempts (0 = never)', { name: 'handoffRules.afterFailedAttempts', type: 'number', min: 0, max: 10, value: settings.handoffRules.afterFailedAttempts }),
    ),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save settings'), h('span', { class: 'muted', id: 'agent-version' }, settings.updatedAt ? `Version ${settings.version}` : 'Defaults: not saved yet')),
  );

  onSubmit(form, async (data) => {
    const backchannels = {};
    form.querySelectorAll('[data-language]').forEach((input) => {
      const list = words(input.value);
      if (list.length) backchannels[input.dataset.language] = list;
    });
    const secret = data.get('orderStatusSecret');
    const body = {
      instructions: data.get('instructions'),
      greeting: data.get('greeting'),
      voice: data.get('voice'),
      languages: data.getAll('languages'),
      model: data.get('model'),
      turnDetection: {
        type: data.get('turnDetection.type'),
        threshold: integer(data.get('turnDetection.threshold')),
        prefixPaddingMs: integer(data.get('turnDetection.prefixPaddingMs')),
        silenceDurationMs: integer(data.get('turnDetection.silenceDurationMs')),
        eagerness: data.get('turnDetection.eagerness'),
      },
      maxCallSeconds: integer(data.get('maxCallSeconds')),
      handoffRules: {
        onRequest: data.get('handoffRules.onRequest') === 'on',
        topics: lines(data.get('handoffRules.topics')),
        afterFailedAttempts: integer(data.get('handoffRules.afterFailedAttempts')),
      },
      businessFacts: data.get('businessFacts'),
      enabledTools: data.getAll('enabledTools'),
      orderStatusUrl: data.get('orderStatusUrl') || null,
      // null keeps the stored secret, an empty one removes it
      orderStatusSecret: data.get('removeOrderStatusSecret') === 'on' ? '' : secret ? secret : null,
      backchannels,
      interruptions: {
        mode: data.get('interruptions.mode'),
        resumeAfterMs: integer(data.get('interruptions.resumeAfterMs')),
        echoGuardMs: integer(data.get('interruptions.echoGuardMs')),
      },
    };
    await api('/api/agent', { method: 'PUT', body });
    // drawn again from what the API kept: the version, whether a secret is stored
    await render(main, { me });
    notify('Agent settings saved');
  });
  put(main, heading('Agent'), form, privacyForm(company));
}

/** The company's redaction settings (PATCH /api/company): what callers say is stored and sent without their numbers. */
function privacyForm(company) {
  const form = h(
    'form',
    { novalidate: true, id: 'privacy-form', 'aria-label': 'Privacy settings' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Privacy'),
      h('div', { class: 'field', dataset: { field: 'redactTranscripts' } },
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'redactTranscripts', checked: Boolean(company.redactTranscripts) }), 'Redact card, Aadhaar, PAN, bank, phone and e-mail details in transcripts, summaries and the live view'),
        h('small', { class: 'field-error', hidden: true })),
      h('div', { class: 'field', dataset: { field: 'silenceRecordingSpans' } },
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'silenceRecordingSpans', checked: Boolean(company.silenceRecordingSpans) }), 'Also silence the recording over the redacted lines'),
        h('small', { class: 'hint' }, 'Otherwise recordings are kept as spoken.'),
        h('small', { class: 'field-error', hidden: true })),
    ),
    h('button', { type: 'submit' }, 'Save privacy settings'),
  );
  onSubmit(form, async (data) => {
    const saved = await api('/api/company', {
      method: 'PATCH',
      body: { redactTranscripts: data.get('redactTranscripts') === 'on', silenceRecordingSpans: data.get('silenceRecordingSpans') === 'on' },
    });
    form.elements.redactTranscripts.checked = Boolean(saved.redactTranscripts);
    form.elements.silenceRecordingSpans.checked = Boolean(saved.silenceRecordingSpans);
    notify('Privacy settings saved');
  });
  return form;
}
