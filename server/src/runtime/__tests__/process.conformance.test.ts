/** The runtime conformance suite against the process driver, running the fixture worker as a local process. */
import { runtimeConformance } from './runtime-conformance.js';
import { makeProcessFixture } from './process-fixture.js';

runtimeConformance('process', () => makeProcessFixture());
