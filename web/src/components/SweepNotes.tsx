import { annotateSweepAction } from '@/app/annotations';
import { AnnotationForm } from '@/components/AnnotationForm';

interface Props {
  sweep: { id: string; notes: string; tags: string[] };
  /** Members and up edit them; others read them. */
  canEdit: boolean;
}

/** The sweep's notes and tags: a form for members, the text for anyone else. */
export function SweepNotes({ sweep, canEdit }: Props) {
  return (
    <section className="section" aria-labelledby="sweep-notes-heading">
      <h2 id="sweep-notes-heading">Notes and tags</h2>
      {canEdit ? (
        <AnnotationForm id={sweep.id} notes={sweep.notes} tags={sweep.tags} action={annotateSweepAction} what="sweep" />
      ) : sweep.notes || sweep.tags.length > 0 ? (
        <>
          <p>{sweep.tags.map((t) => <span key={t} className="tag">{t}</span>)}</p>
          <p className="notes-text">{sweep.notes}</p>
        </>
      ) : (
        <div className="empty">No notes.</div>
      )}
    </section>
  );
}
