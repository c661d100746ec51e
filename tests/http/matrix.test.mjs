// matrix.test.mjs — the authorization matrix, first half of its actors, and
// the policy's own checks (tests/http/matrix.mjs says what it does).
import { matrixPart } from './matrix.mjs';

matrixPart(0, 2);
