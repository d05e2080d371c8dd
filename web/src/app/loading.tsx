/**
 * What every page shows while its server components fetch from the API (Next renders it in
 * place of the page until the data is there), so a slow API reads as loading, not as a blank.
 */
export default function Loading() {
  return (
    <div className="empty" role="status" aria-live="polite">
      Loading…
    </div>
  );
}
