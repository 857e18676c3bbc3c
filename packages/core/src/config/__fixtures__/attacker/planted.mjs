// A config planted by another user: loading it must never run this line.
globalThis.__glueflowPlantedConfigRan = true;
export default { instance: { region: 'au' } };
