import type { Queryable } from './queryable.js';

export interface Project { id: string; organizationId: string; name: string; createdAt: Date }

const COLUMNS = `id, organization_id, name, created_at`;

export const toProject = (r: Record<string, unknown>): Project => ({
  id: r.id as string, organizationId: r.organization_id as string, name: r.name as string, createdAt: r.created_at as Date,
});

/** Owner of the `project` table. */
export class ProjectStore {
  constructor(private readonly db: Queryable) {}

  async get(id: string): Promise<Project | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM project WHERE id = $1`, [id]);
    return row ? toProject(row) : null;
  }

  async listOfOrganizations(organizationIds: readonly string[]): Promise<Project[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM project WHERE organization_id = ANY($1::uuid[]) ORDER BY created_at, name`, [organizationIds]);
    return rows.map(toProject);
  }

  /** Null when the organization already has a project of that name. */
  async insert(p: { id: string; organizationId: string; name: string }): Promise<Project | null> {
    const [row] = await this.db.query(
      `INSERT INTO project (id, organization_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, name) DO NOTHING
       RETURNING ${COLUMNS}`,
      [p.id, p.organizationId, p.name],
    );
    return row ? toProject(row) : null;
  }
}
