/** The runtime conformance suite against the Kubernetes driver, talking to the local stand-in API server. */
import { runtimeConformance } from './runtime-conformance.js';
import { makeKubernetesFixture } from './kubernetes-fixture.js';

runtimeConformance('kubernetes (stand-in API server)', () => makeKubernetesFixture());
