// The application's clock. SLA clocks take time from here rather than from the database, so a
// test can move it forward instead of waiting for a target to pass.
import { Injectable } from '@nestjs/common';

@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
