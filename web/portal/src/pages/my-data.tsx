/**
 * "Meus dados": everything held about the person (LGPD art. 18), JSON and PDF, and which channels we
 * may use for collection (opt-outs take effect at once; transactional messages like receipts stay).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { Page, Status } from '../../../shared/ui/components.tsx';
import {
  api,
  DATA_JSON_URL,
  DATA_PDF_URL,
  type Failure,
  type Preferences,
  type PreferencesBody,
} from '../api.ts';
import { FailureNotice } from '../ui.tsx';

const LABELS: Record<string, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  email: 'E-mail',
  phone: 'Ligações',
  letter: 'Cartas',
};

export function MyData() {
  const prefs = useSignal<Preferences | null>(null);
  const failure = useSignal<Failure | null>(null);
  const status = useSignal('');
  useEffect(() => {
    api.preferences().then((r) => {
      if (r.ok) prefs.value = r.data;
    });
  }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!prefs.value) return;
    status.value = '';
    const r = await api.savePreferences({ channels: prefs.value.channels as PreferencesBody['channels'] });
    if (r.ok) {
      prefs.value = r.data;
      status.value = 'Preferências salvas.';
    } else failure.value = r;
  };
  return (
    <Page title="Meus dados" heading="Meus dados">
      <p>Você pode baixar tudo o que temos sobre você: cadastro, dívidas, acordos, pagamentos e mensagens.</p>
      <div class="actions">
        <a class="button secondary" href={DATA_PDF_URL} download>
          Baixar meus dados (PDF)
        </a>
        <a class="button secondary" href={DATA_JSON_URL} download="meus-dados.json">
          Baixar meus dados (JSON)
        </a>
      </div>
      {prefs.value && (
        <form noValidate onSubmit={save}>
          <fieldset class="field">
            <legend>
              <h2>Por onde podemos falar com você sobre as dívidas</h2>
            </legend>
            <p class="hint">Recibos e avisos do seu acordo continuam chegando.</p>
            {prefs.value.channels.map((ch) => (
              <div class="choice" key={ch.channel}>
                <input
                  type="checkbox"
                  id={`canal-${ch.channel}`}
                  checked={!ch.optedOut}
                  onChange={(ev) => {
                    const on = ev.currentTarget.checked;
                    const current = prefs.value;
                    if (!current) return;
                    prefs.value = {
                      ...current,
                      channels: current.channels.map((x) =>
                        x.channel === ch.channel ? { ...x, optedOut: !on } : x,
                      ),
                    };
                  }}
                />
                <label for={`canal-${ch.channel}`}>{LABELS[ch.channel] ?? ch.channel}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" class="button primary">
            Salvar preferências
          </button>
        </form>
      )}
      <FailureNotice failure={failure.value} />
      <Status>{status.value}</Status>
    </Page>
  );
}
