import { and, asc, eq, sql } from 'drizzle-orm';
import type { AgentPrompt, AgentType, AgentTypeKey } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { agentPrompts, agentTypes } from '../schema.js';

export class AgentTypeRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<AgentType[]> {
    const [types, prompts] = await Promise.all([
      this.db.select().from(agentTypes).orderBy(asc(agentTypes.key)),
      this.db.select().from(agentPrompts).orderBy(asc(agentPrompts.typeKey), asc(agentPrompts.version)),
    ]);
    return types.map((t) => ({
      key: t.key as AgentTypeKey,
      name: t.name,
      description: t.description,
      defaultCapabilities: t.defaultCapabilities,
      activePromptVersion: t.activePromptVersion,
      prompts: prompts.filter((p) => p.typeKey === t.key).map(toPrompt),
    }));
  }

  async get(key: string): Promise<AgentType | null> {
    const [t] = await this.db.select().from(agentTypes).where(eq(agentTypes.key, key));
    if (!t) return null;
    const prompts = await this.db
      .select()
      .from(agentPrompts)
      .where(eq(agentPrompts.typeKey, key))
      .orderBy(asc(agentPrompts.version));
    return {
      key: t.key as AgentTypeKey,
      name: t.name,
      description: t.description,
      defaultCapabilities: t.defaultCapabilities,
      activePromptVersion: t.activePromptVersion,
      prompts: prompts.map(toPrompt),
    };
  }

  async getPrompt(key: string, version: number): Promise<AgentPrompt | null> {
    const [p] = await this.db
      .select()
      .from(agentPrompts)
      .where(and(eq(agentPrompts.typeKey, key), eq(agentPrompts.version, version)));
    return p ? toPrompt(p) : null;
  }

  /** Insert the type and its first prompt unless it exists; never overwrites edits. */
  async seed(t: { key: string; name: string; description: string; defaultCapabilities: string[]; prompt: string }): Promise<void> {
    await this.db
      .insert(agentTypes)
      .values({ key: t.key, name: t.name, description: t.description, defaultCapabilities: t.defaultCapabilities })
      .onConflictDoNothing();
    await this.db
      .insert(agentPrompts)
      .values({ typeKey: t.key, version: 1, prompt: t.prompt, createdBy: 'system' })
      .onConflictDoNothing();
  }

  /** Add a new prompt version (not yet active); returns its number. */
  async addPrompt(key: string, prompt: string, createdBy: string): Promise<AgentPrompt> {
    const [row] = await this.db
      .insert(agentPrompts)
      .values({
        typeKey: key,
        version: sql`(select coalesce(max(version), 0) + 1 from agent_prompts where type_key = ${key})`,
        prompt,
        createdBy,
      })
      .returning();
    return toPrompt(row!);
  }

  async activate(key: string, version: number): Promise<void> {
    await this.db.update(agentTypes).set({ activePromptVersion: version }).where(eq(agentTypes.key, key));
  }
}

function toPrompt(p: typeof agentPrompts.$inferSelect): AgentPrompt {
  return { version: p.version, prompt: p.prompt, createdBy: p.createdBy, createdAt: isoNow(p.createdAt) };
}
