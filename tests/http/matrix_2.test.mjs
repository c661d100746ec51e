// matrix_2.test.mjs — the authorization matrix, second half of its actors
// (tests/http/matrix.mjs says what it does).
import { matrixPart } from './matrix.mjs';

matrixPart(1, 2);
