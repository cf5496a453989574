// Search: full-text search over tickets, their messages and notes (the vectors' settings row,
// the batched rebuild when SEARCH_LANGUAGE changes, and the two search routes).
import { Module } from '@nestjs/common';
import { SearchController } from '@/search/search.controller';
import { SearchLanguageService } from '@/search/search-language.service';
import { SearchRepository } from '@/search/search.repository';
import { SearchService } from '@/search/search.service';
import { TicketsModule } from '@/tickets/tickets.module';

@Module({
  imports: [TicketsModule],
  controllers: [SearchController],
  providers: [SearchService, SearchRepository, SearchLanguageService],
})
export class SearchModule {}
