import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { Knex } from 'knex';
import { tracer } from './trace';

interface KnexQueryEvent {
  __knexQueryUid?: string;
  sql?: string;
  method?: string;
}

/**
 * A CLIENT span per SQL statement, from knex's query events, for the
 * databases no instrumentation covers (SQLite). PostgreSQL is left to the
 * pg instrumentation (no duplicate spans). Like it, statements outside any
 * span (pollers) make no spans. The statement text is recorded without its
 * bindings. Returns a function that removes the hooks.
 */
export function instrumentKnex(db: Knex): () => void {
  const client: unknown = db.client.config.client;
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') {
    return () => {};
  }
  const system =
    client === 'better-sqlite3' || client === 'sqlite3'
      ? 'sqlite'
      : String(client);
  const spans = new Map<string, Span>();

  const onQuery = (query: KnexQueryEvent) => {
    const uid = query.__knexQueryUid;
    if (!uid || !trace.getSpan(context.active())) return;
    const sql = query.sql ?? '';
    const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
    spans.set(
      uid,
      tracer.startSpan(`${operation} ${system}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': system,
          'db.operation.name': operation,
          'db.query.text': sql,
        },
      }),
    );
  };
  const end = (query: KnexQueryEvent, error?: Error) => {
    const uid = query.__knexQueryUid;
    const span = uid ? spans.get(uid) : undefined;
    if (!uid || !span) return;
    spans.delete(uid);
    if (error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    span.end();
  };
  const onResponse = (_response: unknown, query: KnexQueryEvent) => end(query);
  const onError = (error: Error, query: KnexQueryEvent) => end(query, error);

  db.on('query', onQuery);
  db.on('query-response', onResponse);
  db.on('query-error', onError);
  return () => {
    db.off('query', onQuery);
    db.off('query-response', onResponse);
    db.off('query-error', onError);
    for (const span of spans.values()) span.end();
    spans.clear();
  };
}
