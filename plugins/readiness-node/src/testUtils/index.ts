/**
 * Test helpers for fact collectors: a real HTTP server standing in for the
 * backend plugins a collector asks.
 *
 * @packageDocumentation
 */

export {
  respondJson,
  startFakePluginServer,
  type FakePluginHandler,
  type FakePluginServer,
} from './startFakePluginServer';
