/**
 * Accessible building blocks shared by the portal and the back office (WCAG 2.2 AA, GOV.UK
 * patterns): a page that names itself and takes focus on navigation, error summary + inline
 * errors tied by aria-describedby, text fields that never block typing, radios in a fieldset,
 * status messages that never steal focus.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatMoney } from '../../../src/platform/format.ts';

let firstPage = true;

/**
 * Sets the document title (prefixed "Erro: " when the page shows errors) and, on every navigation
 * except the first load (people read first), moves focus to the `<h1>` — or to `focusId` on
 * single-question pages whose label is the heading.
 */
export function Page(props: {
  title: string;
  heading?: ComponentChildren;
  hasErrors?: boolean;
  focusId?: string;
  /** "Voltar" at the top, before the heading (browser Back works too). */
  back?: string;
  children: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  // Layout effects, so the title and the focus change in the same task as the DOM that shows the new
  // page: a screen reader (or a test) never meets the new heading with the old title, or focus still
  // on the link that was removed.
  useLayoutEffect(() => {
    document.title = `${props.hasErrors ? 'Erro: ' : ''}${props.title} – Trato`;
  }, [props.title, props.hasErrors]);
  useLayoutEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    const target = props.focusId ? document.getElementById(props.focusId) : h1.current;
    (target ?? h1.current)?.focus();
  }, []);
  return (
    <>
      {props.back && (
        <a class="back" href={props.back}>
          ‹ Voltar
        </a>
      )}
      {props.heading !== undefined && (
        <h1 ref={h1} tabIndex={-1}>
          {props.heading}
        </h1>
      )}
      {props.children}
    </>
  );
}

/** Marks the first render as done (the app calls it once pages start rendering inside the shell). */
export function notFirstPage() {
  firstPage = false;
}

export interface FieldError {
  field: string;
  message: string;
}

/** "Confira antes de continuar" with links to each field; takes focus when it appears. */
export function ErrorSummary(props: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = props.errors.map((e) => e.field + e.message).join('|');
  useLayoutEffect(() => {
    if (props.errors.length > 0) ref.current?.focus();
  }, [key]);
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title" role="alert">
      <h2 id="error-summary-title">{props.title ?? 'Confira antes de continuar'}</h2>
      <ul>
        {props.errors.map((e) => (
          <li key={e.field}>
            <a
              href={`#${e.field}`}
              onClick={(ev) => {
                ev.preventDefault();
                document.getElementById(e.field)?.focus();
              }}
            >
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A text input with its label, hint and error. Never `type=number`, no maxlength that would cut a
 * pasted formatted value; `inputMode` brings the numeric keyboard where it helps.
 */
export function TextField(props: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  inputMode?: 'numeric' | 'text' | 'tel' | 'email' | 'decimal';
  autoComplete?: string;
  type?: 'text' | 'tel' | 'email';
  prefix?: string;
  labelAsHeading?: boolean;
  multiline?: boolean;
  spellcheck?: boolean;
  width?: string;
}) {
  const hintId = props.hint ? `${props.id}-hint` : '';
  const errorId = props.error ? `${props.id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const label = (
    <label for={props.id} class={props.labelAsHeading ? 'as-heading' : undefined}>
      {props.label}
    </label>
  );
  const onInput = (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value);
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      {props.labelAsHeading ? <h1 class="field-heading">{label}</h1> : label}
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={errorId}>
          <span class="visually-hidden">Erro: </span>
          {props.error}
        </p>
      )}
      {props.multiline ? (
        <textarea
          id={props.id}
          name={props.id}
          value={props.value}
          aria-describedby={describedBy}
          aria-invalid={props.error ? true : undefined}
          onInput={onInput}
          onBlur={props.onBlur}
          rows={4}
        />
      ) : (
        <div class="input-prefix">
          {props.prefix && <span aria-hidden="true">{props.prefix}</span>}
          <input
            id={props.id}
            name={props.id}
            value={props.value}
            aria-describedby={describedBy}
            aria-invalid={props.error ? true : undefined}
            onInput={onInput}
            onBlur={props.onBlur}
            type={(props.type ?? 'text') as 'text'}
            inputMode={props.inputMode}
            autoComplete={props.autoComplete ?? 'off'}
            spellcheck={props.spellcheck ?? false}
            style={props.width ? { maxWidth: props.width } : undefined}
          />
        </div>
      )}
    </div>
  );
}

export interface Choice {
  value: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

/** Radios in a fieldset whose legend names the question (optionally the page's `<h1>`). */
export function Radios(props: {
  name: string;
  legend: ComponentChildren;
  legendIsHeading?: boolean;
  hint?: ComponentChildren;
  error?: string | undefined;
  choices: Choice[];
  value: string | null;
  onChange: (value: string) => void;
  /** Each choice in its own bordered box, the whole box's text at full contrast (offers). */
  cards?: boolean;
}) {
  const errorId = props.error ? `${props.name}-error` : undefined;
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={errorId}>
        <legend>
          {props.legendIsHeading ? <h1 class="legend-heading">{props.legend}</h1> : props.legend}
        </legend>
        {props.hint && <p class="hint">{props.hint}</p>}
        {props.error && (
          <p class="error-message" id={errorId}>
            <span class="visually-hidden">Erro: </span>
            {props.error}
          </p>
        )}
        {props.choices.map((c, i) => {
          const id = i === 0 ? props.name : `${props.name}-${i}`;
          return (
            <div
              class={
                props.cards ? `choice card-choice${props.value === c.value ? ' selected' : ''}` : 'choice'
              }
              key={c.value}
            >
              <input
                type="radio"
                id={id}
                name={props.name}
                value={c.value}
                checked={props.value === c.value}
                aria-describedby={c.hint ? `${id}-hint` : undefined}
                onChange={() => props.onChange(c.value)}
              />
              <div>
                <label for={id}>{c.label}</label>
                {c.hint && (
                  <div class="hint" id={`${id}-hint`}>
                    {c.hint}
                  </div>
                )}
              </div>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export function Button(props: {
  children: ComponentChildren;
  type?: 'submit' | 'button';
  variant?: 'primary' | 'secondary';
  busy?: boolean;
  onClick?: () => void;
  id?: string;
}) {
  return (
    <button
      id={props.id}
      type={props.type ?? 'submit'}
      class={`button ${props.variant ?? 'primary'}`}
      aria-disabled={props.busy ? true : undefined}
      onClick={(e) => {
        if (props.busy) {
          e.preventDefault();
          return;
        }
        props.onClick?.();
      }}
    >
      {props.children}
    </button>
  );
}

/** A polite live region: always in the DOM so changes are announced; never takes focus. */
export function Status(props: { children?: ComponentChildren; id?: string }) {
  return (
    <div role="status" aria-live="polite" id={props.id}>
      {props.children}
    </div>
  );
}

/** An amount as text (screen readers read "R$ 1.234,56" naturally); never an image. */
export function Money(props: { cents: number }) {
  return <span class="money">{formatMoney(props.cents)}</span>;
}

export function Notice(props: {
  kind?: 'ok' | 'warn' | 'info';
  children: ComponentChildren;
  role?: 'alert' | 'status';
}) {
  return (
    <div class={`notice ${props.kind ?? ''}`} role={props.role}>
      {props.children}
    </div>
  );
}
