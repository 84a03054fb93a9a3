import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { DISPLAYED_REPORT_MAX_IDS, DisplayedReport, MESSAGE_ID_MAX_LENGTH } from './inbox-events';

/** The rules of an `inbox:displayed` report, as the API enforces them. */
export class DisplayedReportDto implements DisplayedReport {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISPLAYED_REPORT_MAX_IDS)
  @IsString({ each: true })
  @MaxLength(MESSAGE_ID_MAX_LENGTH, { each: true })
  ids!: string[];
}
