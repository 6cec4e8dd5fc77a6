-- CreateTable
CREATE TABLE "HealthProbe" (
    "id" TEXT NOT NULL,
    "writtenAt" TIMESTAMP(3) NOT NULL,
    "writtenBy" TEXT NOT NULL,

    CONSTRAINT "HealthProbe_pkey" PRIMARY KEY ("id")
);
