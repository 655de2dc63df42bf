// Strict JSON for untrusted files: objects only, bounded nesting checked before JSON.parse.
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { isPlainObject, MAX_JSON_DEPTH, nestingExceeds, parseJsonObject, parseJsonValue } from '../../src/util/json.js';
import { errorOf } from '../helpers.js';

const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('parseJsonObject', () => {
  it('parses an object', () => {
    expect(parseJsonObject('{"a":[1,{"b":null}],"c":"x"}', 'test')).toEqual({ a: [1, { b: null }], c: 'x' });
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(parseJsonObject(nestedObject(MAX_JSON_DEPTH), 'test')).toBeTypeOf('object');
    expect(errorOf(() => parseJsonObject(nestedObject(MAX_JSON_DEPTH + 1), 'test')).code).toBe('JSON_INVALID');
  });

  it('refuses 10,000 nested arrays quickly, with the default or the given code', () => {
    const deep = '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    const start = performance.now();
    expect(errorOf(() => parseJsonObject(deep, 'test')).code).toBe('JSON_INVALID');
    expect(errorOf(() => parseJsonObject(deep, 'test', 'TRUST_LIST_INVALID')).code).toBe('TRUST_LIST_INVALID');
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('refuses 1,000,000 unclosed brackets without a stack overflow', () => {
    const e = errorOf(() => parseJsonObject('['.repeat(1_000_000), 'test'));
    expect(e.code).toBe('JSON_INVALID');
    expect(e.kind).toBe('input');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const brackets = '['.repeat(1000);
    expect(parseJsonObject(`{"a":"${brackets}"}`, 'test')).toEqual({ a: brackets });
    expect(parseJsonObject(`{"a":"\\"${brackets}\\\\"}`, 'test')).toEqual({ a: `"${brackets}\\` });
  });

  it.each([
    ['an array', '[]'],
    ['a number', '1'],
    ['a string', '"x"'],
    ['null', 'null'],
    ['true', 'true'],
    ['invalid JSON', '{"a":'],
    ['trailing garbage', '{} x'],
    ['empty', ''],
    ['single quotes', "{'a':1}"],
    ['a trailing comma', '{"a":1,}'],
  ])('refuses %s with the given code', (_why, text) => {
    expect(errorOf(() => parseJsonObject(text, 'test')).code).toBe('JSON_INVALID');
    expect(errorOf(() => parseJsonObject(text, 'test', 'KEYSTORE_INVALID')).code).toBe('KEYSTORE_INVALID');
  });
});

describe('parse errors never quote the input', () => {
  // The input may be a private JWK or a keystore: V8's message quotes part of it
  // (`Unexpected token 'x', "{"d":"…"... is not valid JSON`); radcred's does not.
  const secret = 'SECRETabcdefghijklmnopqrstuvwxyz0123456789';
  it.each([
    ['a bare word', `${secret}`],
    ['garbage after a value', `{"d":"${secret}"} x`],
    ['an unquoted value', `{"d": ${secret}}`],
    ['a missing comma', `{"kty":"OKP" "d":"${secret}"}`],
    ['an unterminated string', `{"d":"${secret}`],
  ])('%s', (_why, text) => {
    const e = errorOf(() => parseJsonObject(text, 'JWK file', 'JWK_INVALID'));
    expect(e.code).toBe('JWK_INVALID');
    expect(e.message).not.toContain('SECRET');
    expect(e.message).not.toContain(secret.slice(10, 20));
  });
});

describe('parseJsonValue', () => {
  it('parses any JSON value under the same nesting bound', () => {
    expect(parseJsonValue('[1,{"a":"["}]', 'test')).toEqual([1, { a: '[' }]);
    expect(parseJsonValue('"x"', 'test')).toBe('x');
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(errorOf(() => parseJsonValue(deep, 'roster cell', 'ROSTER_MALFORMED')).code).toBe('ROSTER_MALFORMED');
    expect(nestingExceeds(deep, MAX_JSON_DEPTH)).toBe(true);
    expect(nestingExceeds('[[1]]', 2)).toBe(false);
  });
});

describe('isPlainObject', () => {
  it('is true only for non-null, non-array objects', () => {
    expect([{}, { a: 1 }].map(isPlainObject)).toEqual([true, true]);
    expect([null, [], 'x', 1, undefined, true].map(isPlainObject)).toEqual([false, false, false, false, false, false]);
  });
});
