// Operator command line: `npm run cli -- create-user --email … --password … --full-name … --role csr`.
// Works on the embedded and the real database (stop the API first when it uses the embedded one:
// a PGlite data folder can be opened by one process at a time).
import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import { CreateUserDto } from '@/admin/dto/admin.dto';
import { toFieldErrors } from '@/common/errors/validation';
import { AppConfig, ConfigError, loadConfig } from '@/config/config';
import { ConfigModule } from '@/config/config.module';
import { DatabaseModule } from '@/database/database.module';
import { UsersModule } from '@/users/users.module';
import { UsersService } from '@/users/users.service';
import { DomainError } from '@/common/errors/domain-errors';

@Module({})
class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), UsersModule],
    };
  }
}

const USAGE =
  'Usage: npm run cli -- create-user --email <email> --password <password> --full-name <name> [--role user|csr|admin]';

async function createUser(config: AppConfig, argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      'full-name': { type: 'string' },
      role: { type: 'string', default: 'user' },
    },
    strict: true,
  });
  const dto = plainToInstance(CreateUserDto, {
    email: values.email,
    password: values.password,
    full_name: values['full-name'],
    role: values.role,
  });
  const errors = toFieldErrors(await validate(dto));
  if (errors.length > 0) {
    throw new DomainError('bad_request', errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const user = await app.get(UsersService).create({
      email: dto.email,
      password: dto.password,
      fullName: dto.full_name,
      role: dto.role,
    });
    return `Created ${user.role} ${user.email} (${user.id})`;
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create-user') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${await createUser(loadConfig({ LOG_LEVEL: 'error' }), rest)}\n`);
    return 0;
  } catch (error) {
    const known =
      error instanceof DomainError || error instanceof ConfigError || error instanceof TypeError;
    process.stderr.write(`${known ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(1),
);
