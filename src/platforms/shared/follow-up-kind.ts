/**
 * Which alerts follow a story's first alert (issue 14). Every platform renders these in fixed wording, outside
 * channel templates and without pings, so they all ask the same question the same way.
 */
import type { AlertKind } from '../../core/model.js';

export type FollowUpKind = Extract<AlertKind, 'update' | 'kill' | 'also'>;

export function isFollowUpKind(kind: AlertKind | undefined): kind is FollowUpKind {
  return kind === 'update' || kind === 'kill' || kind === 'also';
}
