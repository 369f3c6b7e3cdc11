// npm run sdk:generate — writes the SDK's types (sdk/generated/openapi.ts) from the OpenAPI document.
import { writeFileSync } from 'node:fs';
import { GENERATED_TYPES_PATH, renderSdkTypes } from '../sdk/render-types';

void renderSdkTypes().then((text) => {
  writeFileSync(GENERATED_TYPES_PATH, text);
  console.log(`wrote ${GENERATED_TYPES_PATH} (${text.split('\n').length} lines)`);
});
