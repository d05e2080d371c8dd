'use client';

import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef, useState, useTransition } from 'react';
import { lineOfPath } from '@/lib/config-lines';
import type { SweepTemplate } from '@/lib/sweep-templates';
import { checkConfig, createSweepFromEditor, type CheckResult, type ConfigProblemView } from './actions';

/**
 * A YAML/JSON editor for a new sweep: the API checks the config as it is typed and each
 * problem is marked at its line (and listed below, for screen readers and for copying). A
 * W&B sweep YAML pasted in works as it is.
 */
export function SweepEditor({ projectId, templates }: { projectId: string; templates: readonly SweepTemplate[] }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [result, setResult] = useState<CheckResult>({ problems: [], error: null });
  const [creating, startCreating] = useTransition();

  useEffect(() => {
    const check = linter(async (v): Promise<Diagnostic[]> => {
      const text = v.state.doc.toString();
      const checked = await checkConfig(text);
      setResult(checked);
      return checked.problems.map((p) => {
        const line = v.state.doc.line(Math.min(lineOfPath(text, p.path), v.state.doc.lines));
        return { from: line.from, to: line.to, severity: p.severity, message: p.path ? `${p.path}: ${p.message}` : p.message };
      });
    }, { delay: 400 });
    const editor = new EditorView({
      doc: templates[0]?.yaml ?? '',
      extensions: [basicSetup, yaml(), lintGutter(), check, EditorView.contentAttributes.of({ 'aria-label': 'sweep config (YAML or JSON)' })],
      parent: host.current!,
    });
    view.current = editor;
    return () => editor.destroy();
  }, [templates]);

  const applyTemplate = (t: SweepTemplate) => {
    const v = view.current;
    if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t.yaml } });
  };
  const create = () => startCreating(async () => {
    const text = view.current?.state.doc.toString() ?? '';
    setResult(await createSweepFromEditor(projectId, text));
  });
  const errors = result.problems.filter((p) => p.severity === 'error');

  return (
    <div className="sweep-editor">
      <div className="templates" role="group" aria-label="Templates">
        {templates.map((t) => (
          <button key={t.id} type="button" className="button ghost" onClick={() => applyTemplate(t)}>
            {t.label}
          </button>
        ))}
      </div>
      <div ref={host} className="editor-host" />
      <div className="editor-footer">
        <button type="button" className="button" onClick={create} disabled={creating}>
          {creating ? 'Creating…' : 'Create sweep'}
        </button>
        <span className="muted" role="status">
          {result.error ?? (errors.length === 0 ? 'No problems found.' : `${errors.length} problem${errors.length === 1 ? '' : 's'}`)}
        </span>
      </div>
      {result.problems.length > 0 ? (
        <ul className="config-problems" aria-label="Config problems">
          {result.problems.map((p: ConfigProblemView, i) => (
            <li key={`${p.path}-${i}`} className={p.severity}>
              <code>{p.path || '(config)'}</code> {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
