// Reads a JSON array of xAPI statements from the file named on the command line and prints a JSON
// array with, for each statement, the library's warnings (path and rule name); [] means valid.
import { readFileSync } from 'node:fs';
import pkg from '@learninglocker/xapi-validation';

const validate = pkg.default ?? pkg;
const statements = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const report = statements.map((statement) => validate(statement).map((w) => ({
  path: w.path.join('.'), rule: w.name, data: w.data === undefined ? null : w.data,
})));
process.stdout.write(JSON.stringify(report));
