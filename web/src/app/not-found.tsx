import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card">
      <h1>Not found</h1>
      <p>There is nothing here, or it belongs to a project this API key cannot see.</p>
      <Link href="/">Back to projects</Link>
    </div>
  );
}
