import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canManageMember, canRevokeKey, grantableRoles, keyRoles } from '../src/lib/roles.ts';

test('a viewer is offered nothing to change', () => {
  assert.deepEqual(grantableRoles('VIEWER'), []);
  assert.deepEqual(keyRoles('VIEWER'), []);
  assert.equal(canManageMember('VIEWER', 'VIEWER'), false);
  assert.equal(canRevokeKey('VIEWER', true), false);
});

test('members make keys up to their role and revoke only their own', () => {
  assert.deepEqual(keyRoles('MEMBER'), ['VIEWER', 'MEMBER']);
  assert.deepEqual(grantableRoles('MEMBER'), []);
  assert.equal(canRevokeKey('MEMBER', true), true);
  assert.equal(canRevokeKey('MEMBER', false), false);
});

test('admins manage everyone but owners; owners manage owners too', () => {
  assert.deepEqual(grantableRoles('ADMIN'), ['VIEWER', 'MEMBER', 'ADMIN']);
  assert.deepEqual(grantableRoles('OWNER'), ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER']);
  assert.equal(canManageMember('ADMIN', 'OWNER'), false);
  assert.equal(canManageMember('OWNER', 'OWNER'), true);
  assert.deepEqual(keyRoles('ADMIN'), ['VIEWER', 'MEMBER', 'ADMIN', 'AGENT']);
  assert.equal(canRevokeKey('ADMIN', false), true);
});
