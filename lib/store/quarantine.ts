import { browser } from 'wxt/browser';
import type { z } from 'zod/mini';
import { writeLocal } from './localChanges';

/**
 * Records that failed validation are dropped alone, never with their neighbours, and never silently: each is
 * logged and, in the background (the one writer), kept aside under `local:quarantine` so a bug report can include
 * it. Pages only log: they never write the store.
 */
export const QUARANTINE_KEY = 'quarantine';
export const QUARANTINE_LIMIT = 50;
const RAW_LIMIT = 2000;

export type SetAside = { at: number; where: string; reason: string; raw: string };

const pending: SetAside[] = [];
let flushing: Promise<void> | undefined;
const inBackground = typeof document === 'undefined';

/**
 * Why a record failed its schema, for the log and the quarantine: where in the record, and what was wrong there.
 * Pages load no zod messages (zod/mini says only "Invalid input" without them), so a wrong type names the type
 * that was expected itself.
 */
export function reasonOf(error: { issues: readonly z.core.$ZodIssue[] } | undefined, fallback: string): string {
  const issue = error?.issues[0];
  if (!issue) return fallback;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  const what =
    issue.code === 'invalid_type' && !issue.message.includes(issue.expected)
      ? `${issue.message}: expected ${issue.expected}`
      : issue.message;
  return where + what;
}

export function setAside(where: string, reason: string, raw: unknown): void {
  console.warn(`AI Safety Brief: dropped a malformed record in ${where} (${reason}); the rest is kept.`);
  if (!inBackground) return;
  let json: string;
  try {
    json = JSON.stringify(raw) ?? String(raw);
  } catch {
    json = String(raw);
  }
  pending.push({ at: Date.now(), where, reason, raw: json.slice(0, RAW_LIMIT) });
  flushing ??= Promise.resolve().then(flushQuarantine);
}

/** Writes what was set aside since the last flush (the newest QUARANTINE_LIMIT entries are kept). */
export async function flushQuarantine(): Promise<void> {
  flushing = undefined;
  if (!pending.length) return;
  const batch = pending.splice(0);
  try {
    const stored = (await browser.storage.local.get(QUARANTINE_KEY))[QUARANTINE_KEY];
    const list = Array.isArray(stored) ? (stored as SetAside[]) : [];
    await writeLocal({ [QUARANTINE_KEY]: [...list, ...batch].slice(-QUARANTINE_LIMIT) });
  } catch (error) {
    console.warn('AI Safety Brief: could not keep the dropped records aside.', error);
  }
}

export async function readQuarantine(): Promise<SetAside[]> {
  const stored = (await browser.storage.local.get(QUARANTINE_KEY))[QUARANTINE_KEY];
  return Array.isArray(stored)
    ? (stored as SetAside[]).filter((entry) => entry && typeof entry.where === 'string')
    : [];
}
