/** Image names are written as Kubernetes reads them (Docker's reference normalisation). */
import { describe, expect, it } from 'vitest'
import { qualifyImageName } from '../../src/lower/image-name.js'

describe('qualifyImageName', () => {
  it.each([
    { input: 'nginx', expected: 'docker.io/library/nginx:latest' },
    { input: 'busybox:1.36', expected: 'docker.io/library/busybox:1.36' },
    { input: 'library/x', expected: 'docker.io/library/x:latest' },
    { input: 'user/x', expected: 'docker.io/user/x:latest' },
    { input: 'user/x:2', expected: 'docker.io/user/x:2' },
    { input: 'index.docker.io/nginx', expected: 'docker.io/library/nginx:latest' },
    { input: 'docker.io/nginx:1', expected: 'docker.io/library/nginx:1' },
    { input: 'localhost/busybox', expected: 'localhost/busybox:latest' },
    { input: 'localhost:5000/a/b', expected: 'localhost:5000/a/b:latest' },
    { input: 'quay.io/example/api:2.4.1', expected: 'quay.io/example/api:2.4.1' },
    { input: 'Registry/x', expected: 'Registry/x:latest' },
    {
      input: `nginx@sha256:${'a'.repeat(64)}`,
      expected: `docker.io/library/nginx@sha256:${'a'.repeat(64)}`,
    },
    {
      input: `user/x:1.2@sha256:${'b'.repeat(64)}`,
      expected: `docker.io/user/x:1.2@sha256:${'b'.repeat(64)}`,
    },
  ])('$input', ({ input, expected }) => {
    expect(qualifyImageName(input)).toBe(expected)
  })
})
