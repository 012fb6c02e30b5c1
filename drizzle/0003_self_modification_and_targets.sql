CREATE TABLE "approval_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"target" text,
	"proposer_type" text,
	"max_lines" integer NOT NULL,
	"max_risk" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "config_documents" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active_version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_versions" (
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "config_versions_name_version_pk" PRIMARY KEY("name","version")
);
--> statement-breakpoint
CREATE TABLE "proposal_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"proposal_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"content_hash" text NOT NULL,
	"reviewer" text NOT NULL,
	"comment" text,
	"override" boolean DEFAULT false NOT NULL,
	"rule_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"name" text PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"target_branch" text NOT NULL,
	"check_command" text NOT NULL,
	"health_command" text,
	"protected_paths" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "target_id" text;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "diff_stat" jsonb;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "conflicts_with" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "application" jsonb;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "state_reason" text;--> statement-breakpoint
ALTER TABLE "system_checkpoints" ADD COLUMN "proposal_id" uuid;--> statement-breakpoint
ALTER TABLE "config_versions" ADD CONSTRAINT "config_versions_name_config_documents_name_fk" FOREIGN KEY ("name") REFERENCES "public"."config_documents"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_reviews" ADD CONSTRAINT "proposal_reviews_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_reviews_proposal_idx" ON "proposal_reviews" USING btree ("proposal_id","created_at");