/**
 * Fields podunit refuses with an error, because ignoring them would change what the pod does:
 * the third of the field lists, beside the ignored (ignored-fields.ts) and the mapped ones
 * (src/lower/mapped-fields.ts). test/fields.test.ts sets each and expects its code.
 */

/** A refused field; the rules that refuse it are in validate-*.ts, the list says which. */
export interface RefusedField {
  readonly path: string
  /** The diagnostic code (src/diagnostics/codes.ts) that refuses it. */
  readonly code: string
}

/** Volume sources Podman has no counterpart for (validate-volumes.ts allows the others). */
export const REFUSED_VOLUME_SOURCES: readonly string[] = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'csi',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'iscsi',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
]

/** Sources of a projected volume that need a cluster (validate-downward.ts refuses them). */
export const REFUSED_PROJECTIONS: Readonly<Record<string, string>> = {
  serviceAccountToken: 'there is no API server to issue a service account token',
  clusterTrustBundle: 'there is no API server to hold ClusterTrustBundle objects',
  podCertificate: 'there is no API server to sign a pod certificate',
}

export const REFUSED_FIELDS: readonly RefusedField[] = [
  // The kubelet reads the variable from a file of an emptyDir when the container starts.
  { path: 'Container.env[].valueFrom.fileKeyRef', code: 'ENV_FILE_KEY_REF' },
  ...REFUSED_VOLUME_SOURCES.map((source) => ({
    path: `Volume.${source}`,
    code: 'VOLUME_UNSUPPORTED',
  })),
  ...Object.keys(REFUSED_PROJECTIONS).map((source) => ({
    path: `Volume.projected.sources[].${source}`,
    code: 'PROJECTION_UNSUPPORTED',
  })),
]

/** Fields of an init container that Kubernetes refuses (PU1250) rather than ignores. */
export const INIT_CONTAINER_REFUSED: readonly string[] = [
  'lifecycle',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
]
