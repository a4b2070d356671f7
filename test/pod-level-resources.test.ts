/**
 * Pod-level `spec.resources` (Kubernetes 1.32+): the limits become `podman pod create --cpus`
 * and `--memory`; requests and other resources are warned about, at their positions.
 */
import { describe, expect, it } from 'vitest'
import { convert, validate } from '../src/index.js'
import type { Diagnostic } from '../src/index.js'

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: res
spec:
  resources:
    limits:
      cpu: 1500m
      memory: 1Gi
      hugepages-2Mi: 64Mi
    requests:
      cpu: 250m
      memory: lots
  containers:
    - name: app
      image: busybox:1.36
`

const summary = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.id} ${d.pointer}`

describe('pod-level resources', () => {
  it('reports requests, other resources and bad quantities with their positions', () => {
    const result = validate({ path: 'pod.yaml', text: POD }, { kubernetesVersion: '1.32' })
    expect(result.diagnostics.map(summary)).toEqual([
      '10:7 warning PU3001 /spec/resources/limits/hugepages-2Mi',
      '12:7 warning PU4410 /spec/resources/requests/cpu',
      '13:15 error PU1230 /spec/resources/requests/memory',
    ])
  })

  it('gives the limits to the pod', () => {
    const text = POD.replace('memory: lots', 'memory: 512Mi')
    const result = convert({ path: 'pod.yaml', text }, { kubernetesVersion: '1.32' })
    expect(result.ok).toBe(true)
    const pod = result.units.find((u) => u.fileName === 'pod-res.service')?.content ?? ''
    expect(pod).toContain('\t--cpus 1.5 \\\n\t--memory 1073741824 \\\n\t--replace\n')
    const app = result.units.find((u) => u.fileName === 'container-res-app.service')?.content
    expect(app).not.toContain('--cpus')
  })

  it('is unknown to the Kubernetes 1.30 schema (the default is newer)', () => {
    const result = validate({ path: 'pod.yaml', text: POD }, { kubernetesVersion: '1.30' })
    expect(result.diagnostics.map(summary)).toEqual(['6:3 error PU1002 /spec/resources'])
  })
})
