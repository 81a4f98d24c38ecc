// Each service's own user, defined in admin, with readWrite on its own database and nothing more. The mongo image
// runs this once, on the first start with an empty data volume; the passwords come from the container's
// environment (.env). Later password changes: docs/operations.md, "Rotating credentials".
const users = {
  'intake-service': ['care_intake', 'INTAKE_MONGODB_PASSWORD'],
  'scheduling-service': ['care_scheduling', 'SCHEDULING_MONGODB_PASSWORD'],
  'session-service': ['care_session', 'SESSION_MONGODB_PASSWORD'],
  'integration-service': ['care_integration', 'INTEGRATION_MONGODB_PASSWORD'],
  'notification-service': ['care_notification', 'NOTIFICATION_MONGODB_PASSWORD'],
};
const admin = db.getSiblingDB('admin');
for (const [user, [database, variable]] of Object.entries(users)) {
  const password = process.env[variable];
  if (!password) {
    throw new Error(variable + ' is not set');
  }
  admin.createUser({ user: user, pwd: password, roles: [{ role: 'readWrite', db: database }] });
}
